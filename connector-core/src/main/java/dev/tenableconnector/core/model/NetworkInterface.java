package dev.tenableconnector.core.model;

import java.util.List;

/** One network interface of an asset, as the normalized model lists it. */
public record NetworkInterface(
    String name, List<String> ipAddress, List<String> macAddress, List<String> fqdn) {}
