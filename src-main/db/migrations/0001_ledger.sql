CREATE TABLE `account_balances` (
	`account_id` text PRIMARY KEY NOT NULL,
	`balance` text NOT NULL,
	`held` text NOT NULL,
	`last_entry_seq` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`asset_id` text NOT NULL,
	`customer_id` text,
	`label` text NOT NULL,
	`normal` text NOT NULL,
	`allow_negative` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_code_unique` ON `accounts` (`code`);--> statement-breakpoint
CREATE INDEX `accounts_customer` ON `accounts` (`customer_id`,`asset_id`);--> statement-breakpoint
CREATE INDEX `accounts_kind` ON `accounts` (`kind`,`asset_id`);--> statement-breakpoint
CREATE TABLE `assets` (
	`id` text PRIMARY KEY NOT NULL,
	`chain` text NOT NULL,
	`network` text NOT NULL,
	`symbol` text NOT NULL,
	`name` text NOT NULL,
	`decimals` integer NOT NULL,
	`confirmations` integer,
	`finality` text NOT NULL,
	`contract_address` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deposits` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`txid` text NOT NULL,
	`output_index` integer NOT NULL,
	`address` text NOT NULL,
	`customer_id` text NOT NULL,
	`amount` text NOT NULL,
	`confirmations` integer NOT NULL,
	`finalized` integer NOT NULL,
	`block_height` integer,
	`status` text NOT NULL,
	`entry_seq` integer,
	`reversal_entry_seq` integer,
	`first_seen_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deposits_output` ON `deposits` (`asset_id`,`txid`,`output_index`);--> statement-breakpoint
CREATE INDEX `deposits_status` ON `deposits` (`status`);--> statement-breakpoint
CREATE INDEX `deposits_customer` ON `deposits` (`customer_id`);--> statement-breakpoint
CREATE TABLE `holds` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`amount` text NOT NULL,
	`fee_cap` text NOT NULL,
	`reference_type` text NOT NULL,
	`reference_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`resolved_at` text,
	`settle_entry_seq` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holds_reference` ON `holds` (`reference_type`,`reference_id`);--> statement-breakpoint
CREATE INDEX `holds_status` ON `holds` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `holds_account` ON `holds` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`idempotency_key` text,
	`content_hash` text NOT NULL,
	`description` text NOT NULL,
	`source_type` text,
	`source_ref` text,
	`reverses_seq` integer,
	`posted_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_id_unique` ON `journal_entries` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_idempotency_key_unique` ON `journal_entries` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_reverses_seq_unique` ON `journal_entries` (`reverses_seq`);--> statement-breakpoint
CREATE INDEX `journal_entries_posted` ON `journal_entries` (`posted_at`);--> statement-breakpoint
CREATE INDEX `journal_entries_type` ON `journal_entries` (`type`,`seq`);--> statement-breakpoint
CREATE INDEX `journal_entries_source` ON `journal_entries` (`source_type`,`source_ref`);--> statement-breakpoint
CREATE TABLE `postings` (
	`id` integer PRIMARY KEY NOT NULL,
	`entry_seq` integer NOT NULL,
	`account_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`amount` text NOT NULL,
	`balance_after` text NOT NULL,
	`posted_at` text NOT NULL,
	FOREIGN KEY (`entry_seq`) REFERENCES `journal_entries`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postings_account` ON `postings` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `postings_account_time` ON `postings` (`account_id`,`posted_at`,`id`);--> statement-breakpoint
CREATE INDEX `postings_entry` ON `postings` (`entry_seq`);--> statement-breakpoint
CREATE TABLE `recon_adjustments` (
	`id` text PRIMARY KEY NOT NULL,
	`exception_id` text NOT NULL,
	`amount` text NOT NULL,
	`note` text NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_note` text,
	`entry_seq` integer,
	FOREIGN KEY (`exception_id`) REFERENCES `recon_exceptions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recon_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`snapshot_id` text,
	`asset_id` text NOT NULL,
	`account_id` text NOT NULL,
	`difference` text NOT NULL,
	`evidence` text NOT NULL,
	`status` text NOT NULL,
	`opened_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution` text,
	`note` text,
	FOREIGN KEY (`snapshot_id`) REFERENCES `recon_snapshots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recon_exceptions_status` ON `recon_exceptions` (`status`,`opened_at`);--> statement-breakpoint
CREATE TABLE `recon_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`account_id` text NOT NULL,
	`chain_balance` text NOT NULL,
	`ledger_balance` text NOT NULL,
	`difference` text NOT NULL,
	`as_of` text NOT NULL,
	`block_height` integer,
	`evidence` text NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Hand-written (not generated): posted entries and postings are never edited or deleted; a mistake
-- is corrected by a compensating entry that links to the original.
CREATE TRIGGER `journal_entries_no_update` BEFORE UPDATE ON `journal_entries` BEGIN SELECT RAISE(ABORT, 'journal entries are immutable; post a reversal'); END;
--> statement-breakpoint
CREATE TRIGGER `journal_entries_no_delete` BEFORE DELETE ON `journal_entries` BEGIN SELECT RAISE(ABORT, 'journal entries are immutable; post a reversal'); END;
--> statement-breakpoint
CREATE TRIGGER `postings_no_update` BEFORE UPDATE ON `postings` BEGIN SELECT RAISE(ABORT, 'postings are immutable; post a reversal'); END;
--> statement-breakpoint
CREATE TRIGGER `postings_no_delete` BEFORE DELETE ON `postings` BEGIN SELECT RAISE(ABORT, 'postings are immutable; post a reversal'); END;
--> statement-breakpoint
-- Default assets. Confirmation policy: BTC 3 confirmations, ETH finalized (after the Casper FFG
-- checkpoint), testnets alike. Operators change policies through ledger.assets.setPolicy.
INSERT INTO `assets` VALUES
  ('BTC', 'bitcoin', 'mainnet', 'BTC', 'Bitcoin', 8, 3, 'confirmations', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('ETH', 'ethereum', 'mainnet', 'ETH', 'Ether', 18, NULL, 'finalized', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('TBTC', 'bitcoin', 'testnet', 'tBTC', 'Bitcoin (testnet)', 8, 1, 'confirmations', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('SEPETH', 'ethereum', 'sepolia', 'SepoliaETH', 'Ether (Sepolia)', 18, NULL, 'finalized', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
