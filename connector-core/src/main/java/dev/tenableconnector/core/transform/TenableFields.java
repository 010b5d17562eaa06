package dev.tenableconnector.core.transform;

import java.util.Set;

/**
 * The top-level keys of Tenable's asset and vuln export records (the spec's field tables), so a
 * transform map with a misspelt source is reported when it is loaded instead of silently mapping
 * nothing. Deeper keys (under {@code plugin}, {@code port}, ...) are not checked: Tenable adds
 * fields there, and an unknown one simply yields no value.
 */
final class TenableFields {
  static final Set<String> ASSET = Set.of(
      "id", "has_agent", "has_plugin_results", "created_at", "updated_at", "terminated_at",
      "terminated_by", "deleted_at", "deleted_by", "first_seen", "last_seen", "first_scan_time",
      "last_scan_time", "last_authenticated_scan_date", "last_licensed_scan_date", "last_scan_id",
      "last_schedule_id", "last_scan_target", "last_authentication_attempt_date",
      "last_authentication_success_date", "last_authentication_scan_status", "agent_uuid",
      "bios_uuid", "serial_number", "network_id", "network_name", "agent_names", "ipv4s", "ipv6s",
      "fqdns", "mac_addresses", "netbios_names", "hostnames", "operating_systems", "system_types",
      "ssh_fingerprints", "installed_software", "manufacturer_tpm_ids",
      "symantec_ep_hardware_keys", "qualys_asset_ids", "qualys_host_ids", "mcafee_epo_guid",
      "mcafee_epo_agent_guid", "servicenow_sysid", "bigfix_asset_id", "azure_vm_id",
      "azure_resource_id", "gcp_project_id", "gcp_zone", "gcp_instance_id",
      "aws_ec2_instance_ami_id", "aws_ec2_instance_id", "aws_owner_id", "aws_availability_zone",
      "aws_region", "aws_vpc_id", "aws_ec2_instance_group_name", "aws_ec2_instance_state_name",
      "aws_ec2_instance_type", "aws_subnet_id", "aws_ec2_product_code", "aws_ec2_name", "sources",
      "tags", "network_interfaces", "open_ports", "resource_tags", "acr_score", "exposure_score",
      "ratings", "types", "is_licensed", "is_public", "network");

  static final Set<String> VULN = Set.of(
      "asset", "plugin", "port", "scan", "output", "severity", "severity_id",
      "severity_default_id", "severity_modification_type", "recast_reason", "recast_rule_uuid",
      "source", "state", "first_found", "last_found", "last_fixed", "indexed", "indexed_at",
      "finding_id", "resurfaced_date", "time_taken_to_fix");

  private TenableFields() {}
}
