CREATE TABLE `account_nonces` (
	`address` text PRIMARY KEY NOT NULL,
	`next_nonce` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `destination_allowlist` (
	`id` text PRIMARY KEY NOT NULL,
	`chain` text NOT NULL,
	`network` text NOT NULL,
	`address` text NOT NULL,
	`label` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text NOT NULL,
	`usable_from` text NOT NULL,
	`removed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allowlist_address` ON `destination_allowlist` (`chain`,`network`,`address`);--> statement-breakpoint
CREATE TABLE `circuit_breakers` (
	`scope` text PRIMARY KEY NOT NULL,
	`halted` integer NOT NULL,
	`reason` text NOT NULL,
	`changed_by` text NOT NULL,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `market_prices` (
	`asset_id` text PRIMARY KEY NOT NULL,
	`usd_cents_per_unit` text NOT NULL,
	`as_of` text NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `quorum_policies` (
	`version` integer PRIMARY KEY NOT NULL,
	`document` text NOT NULL,
	`sha256` text NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` text NOT NULL,
	`status` text NOT NULL,
	`activated_at` text
);
--> statement-breakpoint
CREATE TABLE `wallet_addresses` (
	`address` text PRIMARY KEY NOT NULL,
	`wallet_id` text NOT NULL,
	`index` integer NOT NULL,
	`purpose` text NOT NULL,
	`public_key` text NOT NULL,
	`hsm_key_id` text,
	`path` text,
	`customer_id` text,
	`exported_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`wallet_id`) REFERENCES `wallets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wallet_addresses_index` ON `wallet_addresses` (`wallet_id`,`purpose`,`index`);--> statement-breakpoint
CREATE INDEX `wallet_addresses_customer` ON `wallet_addresses` (`customer_id`);--> statement-breakpoint
CREATE TABLE `wallet_utxos` (
	`txid` text NOT NULL,
	`vout` integer NOT NULL,
	`wallet_id` text NOT NULL,
	`address` text NOT NULL,
	`amount` text NOT NULL,
	`prev_tx_hex` text NOT NULL,
	`status` text NOT NULL,
	`reserved_by` text,
	`seen_at` text NOT NULL,
	PRIMARY KEY(`txid`, `vout`),
	FOREIGN KEY (`wallet_id`) REFERENCES `wallets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wallet_utxos_wallet` ON `wallet_utxos` (`wallet_id`,`status`);--> statement-breakpoint
CREATE TABLE `wallets` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`chain` text NOT NULL,
	`network` text NOT NULL,
	`role` text NOT NULL,
	`scheme` text NOT NULL,
	`label` text NOT NULL,
	`wrapped_seed` blob,
	`seed_key_id` text,
	`account_path` text,
	`account_xpub` text,
	`next_index` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `withdrawal_approvals` (
	`withdrawal_id` text NOT NULL,
	`operator_id` text NOT NULL,
	`role` text NOT NULL,
	`payload` text NOT NULL,
	`signature` text NOT NULL,
	`approved_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`withdrawal_id`, `operator_id`),
	FOREIGN KEY (`withdrawal_id`) REFERENCES `withdrawals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `withdrawals` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`request_ref` text,
	`customer_id` text,
	`asset_id` text NOT NULL,
	`wallet_id` text NOT NULL,
	`amount` text NOT NULL,
	`destination` text NOT NULL,
	`fee_cap` text NOT NULL,
	`usd_cents` text NOT NULL,
	`state` text NOT NULL,
	`policy_version` integer NOT NULL,
	`rule_name` text,
	`requirement` text NOT NULL,
	`prechecks` text NOT NULL,
	`initiator_id` text,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`rejection_reason` text,
	`signed_tx` text,
	`txid` text,
	`signed_at` text,
	`network_fee` text
);
--> statement-breakpoint
CREATE INDEX `withdrawals_state` ON `withdrawals` (`state`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `withdrawals_request` ON `withdrawals` (`source`,`request_ref`);--> statement-breakpoint
ALTER TABLE `operators` ADD `certificate` text;--> statement-breakpoint
-- Hand-written (not generated): an approval, once signed, is never changed or removed.
CREATE TRIGGER `withdrawal_approvals_no_update` BEFORE UPDATE ON `withdrawal_approvals` BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `withdrawal_approvals_no_delete` BEFORE DELETE ON `withdrawal_approvals` BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
--> statement-breakpoint
-- A signed transaction is written once: signing again returns it, never a second one.
CREATE TRIGGER `withdrawals_signed_once` BEFORE UPDATE OF `signed_tx` ON `withdrawals` WHEN OLD.`signed_tx` IS NOT NULL AND NEW.`signed_tx` IS NOT OLD.`signed_tx`
BEGIN SELECT RAISE(ABORT, 'a withdrawal is signed once'); END;
