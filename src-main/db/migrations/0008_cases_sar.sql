CREATE TABLE `case_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`record_id` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_attachments_case` ON `case_attachments` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`action` text NOT NULL,
	`detail` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `case_notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_notes_case` ON `case_notes` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`customer_ids` text NOT NULL,
	`detected_at` text NOT NULL,
	`assignee` text,
	`decision` text,
	`decision_rationale` text,
	`decided_by` text,
	`decided_at` text,
	`closed_by` text,
	`closed_at` text,
	`close_reason` text,
	`opened_by` text NOT NULL,
	`opened_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_status` ON `cases` (`status`,`detected_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_detected` ON `cases` (`detected_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_assignee` ON `cases` (`assignee`,`status`);--> statement-breakpoint
CREATE TABLE `sar_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`sar_id` text NOT NULL,
	`format` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`record_id` text NOT NULL,
	`content_sha256` text NOT NULL,
	`validated` integer NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	FOREIGN KEY (`sar_id`) REFERENCES `sar_filings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sar_exports_sar` ON `sar_exports` (`sar_id`,`at`);--> statement-breakpoint
CREATE TABLE `sar_filings` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`draft` text NOT NULL,
	`content_sha256` text NOT NULL,
	`drafted_by` text NOT NULL,
	`drafted_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`approved_by` text,
	`approved_at` text,
	`approved_sha256` text,
	`filed_by` text,
	`filed_at` text,
	`filed_format` text,
	`filed_export_id` text,
	`bundle_item_id` text,
	`attachment_item_id` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sar_filings_case` ON `sar_filings` (`case_id`);--> statement-breakpoint
CREATE INDEX `sar_filings_state` ON `sar_filings` (`state`);--> statement-breakpoint
-- Hand-written: notes and history are append-only; an attachment and an export, once recorded, never change.
CREATE TRIGGER `case_notes_no_update` BEFORE UPDATE ON `case_notes` BEGIN SELECT RAISE(ABORT, 'case notes are never edited; add another note'); END;
--> statement-breakpoint
CREATE TRIGGER `case_notes_no_delete` BEFORE DELETE ON `case_notes` BEGIN SELECT RAISE(ABORT, 'case notes are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `case_events_no_update` BEFORE UPDATE ON `case_events` BEGIN SELECT RAISE(ABORT, 'the case history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `case_events_no_delete` BEFORE DELETE ON `case_events` BEGIN SELECT RAISE(ABORT, 'the case history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `case_attachments_no_update` BEFORE UPDATE ON `case_attachments` BEGIN SELECT RAISE(ABORT, 'case attachments are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `case_attachments_no_delete` BEFORE DELETE ON `case_attachments` BEGIN SELECT RAISE(ABORT, 'case attachments are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `sar_exports_no_update` BEFORE UPDATE ON `sar_exports` BEGIN SELECT RAISE(ABORT, 'SAR exports are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `sar_exports_no_delete` BEFORE DELETE ON `sar_exports` BEGIN SELECT RAISE(ABORT, 'SAR exports are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `cases_no_delete` BEFORE DELETE ON `cases` BEGIN SELECT RAISE(ABORT, 'cases are kept'); END;
--> statement-breakpoint
CREATE TRIGGER `sar_filings_no_delete` BEFORE DELETE ON `sar_filings` BEGIN SELECT RAISE(ABORT, 'SAR filings are kept'); END;
--> statement-breakpoint
-- A filed report never changes again.
CREATE TRIGGER `sar_filings_filed_final` BEFORE UPDATE ON `sar_filings` WHEN OLD.`state` = 'filed' BEGIN SELECT RAISE(ABORT, 'a filed SAR/STR never changes'); END;
