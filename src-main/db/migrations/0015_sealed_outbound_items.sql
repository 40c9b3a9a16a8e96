CREATE TABLE `bundle_item_sealed_chunks` (
	`item_row` integer NOT NULL,
	`chunk` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`item_row`, `chunk`),
	FOREIGN KEY (`item_row`) REFERENCES `bundle_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `node_encryption_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`node_id` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`signing_key_fingerprint` text NOT NULL,
	`bundle_id` text NOT NULL,
	`item_id` text NOT NULL,
	`created_at` text NOT NULL,
	`received_at` text NOT NULL,
	`status` text NOT NULL,
	`replaced_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `node_encryption_keys_fingerprint_unique` ON `node_encryption_keys` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `node_encryption_keys_status` ON `node_encryption_keys` (`status`);--> statement-breakpoint
ALTER TABLE `bundle_items` ADD `sealed_to` text;--> statement-breakpoint
ALTER TABLE `bundle_items` ADD `sealed_size` integer;--> statement-breakpoint
ALTER TABLE `bundle_items` ADD `sealed_sha256` text;--> statement-breakpoint
-- Hand-written (not generated): a sealed item stays sealed to the key it was sealed to, and an
-- encryption key once received is kept (it only moves current → replaced).
CREATE TRIGGER `bundle_items_sealing_fixed` BEFORE UPDATE ON `bundle_items`
  WHEN OLD.`sealed_to` IS NOT NULL AND (OLD.`sealed_to` IS NOT NEW.`sealed_to` OR OLD.`sealed_size` IS NOT NEW.`sealed_size` OR OLD.`sealed_sha256` IS NOT NEW.`sealed_sha256`)
  BEGIN SELECT RAISE(ABORT, 'a sealed item stays sealed as it was'); END;
--> statement-breakpoint
CREATE TRIGGER `node_encryption_keys_no_delete` BEFORE DELETE ON `node_encryption_keys` BEGIN SELECT RAISE(ABORT, 'node encryption keys are kept'); END;
--> statement-breakpoint
CREATE TRIGGER `node_encryption_keys_forward_only` BEFORE UPDATE ON `node_encryption_keys`
  WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`public_key` IS NOT NEW.`public_key` OR OLD.`fingerprint` IS NOT NEW.`fingerprint` OR OLD.`signing_key_fingerprint` IS NOT NEW.`signing_key_fingerprint`
    OR OLD.`bundle_id` IS NOT NEW.`bundle_id` OR OLD.`item_id` IS NOT NEW.`item_id` OR OLD.`received_at` IS NOT NEW.`received_at`
    OR NOT (OLD.`status` = NEW.`status` OR (OLD.`status` = 'current' AND NEW.`status` = 'replaced'))
  BEGIN SELECT RAISE(ABORT, 'a node encryption key only moves from current to replaced'); END;
--> statement-breakpoint
-- One current encryption key at a time.
CREATE UNIQUE INDEX `node_encryption_keys_one_current` ON `node_encryption_keys` (`status`) WHERE `status` = 'current';
--> statement-breakpoint
CREATE TRIGGER `bundle_item_sealed_chunks_no_update` BEFORE UPDATE ON `bundle_item_sealed_chunks` BEGIN SELECT RAISE(ABORT, 'item bytes are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `bundle_item_sealed_chunks_no_delete` BEFORE DELETE ON `bundle_item_sealed_chunks` BEGIN SELECT RAISE(ABORT, 'item bytes are immutable'); END;
