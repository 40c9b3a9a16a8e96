CREATE TABLE `audit_checkpoints` (
	`seq` integer PRIMARY KEY NOT NULL,
	`head_hash` text NOT NULL,
	`at` text NOT NULL,
	`message` text NOT NULL,
	`signature` text NOT NULL,
	`key_fingerprint` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `integrity_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text NOT NULL,
	`raised_at` text NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` text
);
--> statement-breakpoint
CREATE INDEX `integrity_alerts_open` ON `integrity_alerts` (`acknowledged_at`,`raised_at`);--> statement-breakpoint
CREATE TABLE `record_access` (
	`id` integer PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`at` text NOT NULL,
	`operator_id` text,
	`operator_username` text,
	`kind` text NOT NULL,
	`purpose` text NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `record_access_record` ON `record_access` (`record_id`,`id`);--> statement-breakpoint
CREATE INDEX `record_access_at` ON `record_access` (`at`);--> statement-breakpoint
CREATE TABLE `record_chunks` (
	`record_id` text NOT NULL,
	`idx` integer NOT NULL,
	`ciphertext` blob NOT NULL,
	PRIMARY KEY(`record_id`, `idx`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `record_terms` (
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_terms_value` ON `record_terms` (`kind`,`value`);--> statement-breakpoint
CREATE INDEX `record_terms_record` ON `record_terms` (`record_id`);--> statement-breakpoint
CREATE TABLE `records` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`title` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`chunk_size` integer NOT NULL,
	`chunk_count` integer NOT NULL,
	`wrapped_key` blob,
	`key_id` text NOT NULL,
	`nonce_prefix` blob NOT NULL,
	`jurisdiction` text NOT NULL,
	`retention_basis` text NOT NULL,
	`retention_years` integer NOT NULL,
	`retention_until` text,
	`legal_hold` integer DEFAULT false NOT NULL,
	`legal_hold_reason` text,
	`legal_hold_by` text,
	`legal_hold_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`shredded_at` text,
	`shredded_by` text
);
--> statement-breakpoint
CREATE INDEX `records_subject` ON `records` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `records_type` ON `records` (`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `records_created` ON `records` (`created_at`);--> statement-breakpoint
CREATE INDEX `records_retention` ON `records` (`retention_until`);--> statement-breakpoint
CREATE TABLE `relationship_ends` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`ended_at` text NOT NULL,
	`recorded_by` text NOT NULL
);
--> statement-breakpoint
-- Hand-written (not generated): records are never deleted (a shredded record stays as a
-- tombstone); chunks go only with a record that was shredded, and a record can be shredded only
-- after its retention date and never under legal hold. The services check this too.
CREATE TRIGGER `records_no_delete` BEFORE DELETE ON `records` BEGIN SELECT RAISE(ABORT, 'records are never deleted; retention shreds them'); END;
--> statement-breakpoint
CREATE TRIGGER `records_shred_guard` BEFORE UPDATE OF `shredded_at` ON `records`
WHEN NEW.`shredded_at` IS NOT NULL AND (OLD.`legal_hold` = 1 OR OLD.`retention_until` IS NULL OR OLD.`retention_until` > NEW.`shredded_at`)
BEGIN SELECT RAISE(ABORT, 'a record under legal hold or within its retention period cannot be shredded'); END;
--> statement-breakpoint
CREATE TRIGGER `record_chunks_delete_guard` BEFORE DELETE ON `record_chunks`
WHEN (SELECT `shredded_at` FROM `records` WHERE `id` = OLD.`record_id`) IS NULL
BEGIN SELECT RAISE(ABORT, 'record content is removed only by shredding'); END;
--> statement-breakpoint
CREATE TRIGGER `record_access_no_update` BEFORE UPDATE ON `record_access` BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `record_access_no_delete` BEFORE DELETE ON `record_access` BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_update` BEFORE UPDATE ON `audit_checkpoints` BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_delete` BEFORE DELETE ON `audit_checkpoints` BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `records_key_guard` BEFORE UPDATE OF `wrapped_key` ON `records`
WHEN NEW.`wrapped_key` IS NULL AND NEW.`shredded_at` IS NULL
BEGIN SELECT RAISE(ABORT, 'a record key is destroyed only by shredding'); END;
--> statement-breakpoint
CREATE TRIGGER `record_chunks_no_update` BEFORE UPDATE ON `record_chunks` BEGIN SELECT RAISE(ABORT, 'sealed record content is never rewritten'); END;
