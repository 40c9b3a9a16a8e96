CREATE TABLE `monitored_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`direction` text NOT NULL,
	`customer_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`amount` text NOT NULL,
	`usd_cents` text NOT NULL,
	`counterparty_address` text,
	`counterparty_country` text,
	`counterparty_vasp` text,
	`counterparty_pep` integer NOT NULL,
	`source_ref` text NOT NULL,
	`recorded_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitored_transactions_seq` ON `monitored_transactions` (`seq`);--> statement-breakpoint
CREATE INDEX `monitored_transactions_at` ON `monitored_transactions` (`at`,`seq`);--> statement-breakpoint
CREATE INDEX `monitored_transactions_customer` ON `monitored_transactions` (`customer_id`,`at`);--> statement-breakpoint
CREATE TABLE `monitoring_alert_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`alert_id` integer NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`action` text NOT NULL,
	`detail` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `monitoring_alerts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_alert_events_alert` ON `monitoring_alert_events` (`alert_id`,`id`);--> statement-breakpoint
CREATE TABLE `monitoring_alerts` (
	`id` integer PRIMARY KEY NOT NULL,
	`raised_at` text NOT NULL,
	`rule_id` text NOT NULL,
	`rule_version` integer NOT NULL,
	`rule_title` text NOT NULL,
	`level` text NOT NULL,
	`level_rank` integer NOT NULL,
	`actions` text NOT NULL,
	`conditions` text NOT NULL,
	`tx_id` text NOT NULL,
	`tx_ref` text NOT NULL,
	`customer_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`amount` text NOT NULL,
	`usd_cents` text NOT NULL,
	`usd_key` text NOT NULL,
	`assignee` text,
	`state` text NOT NULL,
	`suppression_id` integer,
	`outcome` text,
	`close_reason` text,
	`closed_by` text,
	`closed_at` text,
	`case_id` text,
	FOREIGN KEY (`rule_version`) REFERENCES `monitoring_rule_versions`(`version`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tx_id`) REFERENCES `monitored_transactions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_alerts_queue` ON `monitoring_alerts` (`state`,`level_rank`,`raised_at`,`id`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_raised` ON `monitoring_alerts` (`state`,`raised_at`,`id`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_customer` ON `monitoring_alerts` (`customer_id`,`state`,`raised_at`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_rule` ON `monitoring_alerts` (`rule_id`,`state`,`raised_at`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_assignee` ON `monitoring_alerts` (`assignee`,`state`,`raised_at`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_tx` ON `monitoring_alerts` (`tx_id`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_case` ON `monitoring_alerts` (`case_id`);--> statement-breakpoint
CREATE TABLE `monitoring_rule_versions` (
	`version` integer PRIMARY KEY NOT NULL,
	`document` text NOT NULL,
	`sha256` text NOT NULL,
	`note` text NOT NULL,
	`rule_count` integer NOT NULL,
	`state` text NOT NULL,
	`author` text NOT NULL,
	`created_at` text NOT NULL,
	`approved_by` text,
	`activated_at` text,
	`retired_at` text,
	`rejected_by` text,
	`rejected_at` text,
	`reject_reason` text
);
--> statement-breakpoint
CREATE INDEX `monitoring_rule_versions_state` ON `monitoring_rule_versions` (`state`,`version`);--> statement-breakpoint
CREATE TABLE `monitoring_suppressions` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`until` text NOT NULL,
	`reason` text NOT NULL,
	`case_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	`revoke_reason` text
);
--> statement-breakpoint
CREATE INDEX `monitoring_suppressions_subject` ON `monitoring_suppressions` (`customer_id`,`rule_id`,`until`);--> statement-breakpoint
CREATE TRIGGER `monitoring_rule_versions_content` BEFORE UPDATE ON `monitoring_rule_versions`
  WHEN NEW.`document` IS NOT OLD.`document` OR NEW.`sha256` IS NOT OLD.`sha256` OR NEW.`author` IS NOT OLD.`author` OR NEW.`created_at` IS NOT OLD.`created_at` OR NEW.`version` IS NOT OLD.`version`
    OR OLD.`state` IN ('retired', 'rejected') OR (OLD.`state` = 'active' AND NEW.`state` <> 'retired')
  BEGIN SELECT RAISE(ABORT, 'a rule-set version is immutable; only its state moves draft → active → retired, or draft → rejected'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_rule_versions_no_delete` BEFORE DELETE ON `monitoring_rule_versions` BEGIN SELECT RAISE(ABORT, 'rule-set versions are kept: past alerts replay under them'); END;
--> statement-breakpoint
-- One active rule set.
CREATE UNIQUE INDEX `monitoring_rule_versions_one_active` ON `monitoring_rule_versions` (`state`) WHERE `state` = 'active';
--> statement-breakpoint
CREATE TRIGGER `monitored_transactions_no_update` BEFORE UPDATE ON `monitored_transactions` BEGIN SELECT RAISE(ABORT, 'monitored transactions are history and immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `monitored_transactions_no_delete` BEFORE DELETE ON `monitored_transactions` BEGIN SELECT RAISE(ABORT, 'monitored transactions are history and immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_alerts_evidence` BEFORE UPDATE ON `monitoring_alerts`
  WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`rule_id` IS NOT OLD.`rule_id` OR NEW.`rule_version` IS NOT OLD.`rule_version` OR NEW.`conditions` IS NOT OLD.`conditions` OR NEW.`actions` IS NOT OLD.`actions`
    OR NEW.`tx_id` IS NOT OLD.`tx_id` OR NEW.`raised_at` IS NOT OLD.`raised_at` OR NEW.`level` IS NOT OLD.`level` OR NEW.`usd_cents` IS NOT OLD.`usd_cents` OR NEW.`customer_id` IS NOT OLD.`customer_id`
  BEGIN SELECT RAISE(ABORT, 'an alert''s evidence (rule, version, conditions, transaction) is never changed'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_alerts_closed_final` BEFORE UPDATE ON `monitoring_alerts`
  WHEN OLD.`state` = 'closed' AND (NEW.`state` IS NOT OLD.`state` OR NEW.`outcome` IS NOT OLD.`outcome` OR NEW.`close_reason` IS NOT OLD.`close_reason` OR NEW.`closed_by` IS NOT OLD.`closed_by` OR NEW.`closed_at` IS NOT OLD.`closed_at`)
  BEGIN SELECT RAISE(ABORT, 'a closed alert''s outcome is final'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_alerts_no_delete` BEFORE DELETE ON `monitoring_alerts` BEGIN SELECT RAISE(ABORT, 'alerts are kept'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_alert_events_no_update` BEFORE UPDATE ON `monitoring_alert_events` BEGIN SELECT RAISE(ABORT, 'the alert history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_alert_events_no_delete` BEFORE DELETE ON `monitoring_alert_events` BEGIN SELECT RAISE(ABORT, 'the alert history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_suppressions_span` BEFORE INSERT ON `monitoring_suppressions`
  WHEN julianday(NEW.`until`) IS NULL OR julianday(NEW.`created_at`) IS NULL OR julianday(NEW.`until`) <= julianday(NEW.`created_at`) OR julianday(NEW.`until`) - julianday(NEW.`created_at`) > 180.0001
  BEGIN SELECT RAISE(ABORT, 'a suppression lasts more than nothing and at most 180 days'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_suppressions_revoke_once` BEFORE UPDATE ON `monitoring_suppressions`
  WHEN OLD.`revoked_at` IS NOT NULL OR NEW.`customer_id` IS NOT OLD.`customer_id` OR NEW.`rule_id` IS NOT OLD.`rule_id` OR NEW.`until` IS NOT OLD.`until` OR NEW.`reason` IS NOT OLD.`reason`
    OR NEW.`case_id` IS NOT OLD.`case_id` OR NEW.`created_by` IS NOT OLD.`created_by` OR NEW.`created_at` IS NOT OLD.`created_at`
  BEGIN SELECT RAISE(ABORT, 'a suppression is only ever revoked, once'); END;
--> statement-breakpoint
CREATE TRIGGER `monitoring_suppressions_no_delete` BEFORE DELETE ON `monitoring_suppressions` BEGIN SELECT RAISE(ABORT, 'suppressions are kept'); END;
