CREATE INDEX `monitoring_alerts_by_level` ON `monitoring_alerts` (`state`,`level_rank`,`id`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_by_rule` ON `monitoring_alerts` (`state`,`rule_id`,`id`);--> statement-breakpoint
CREATE INDEX `monitoring_alerts_by_customer` ON `monitoring_alerts` (`state`,`customer_id`,`id`);