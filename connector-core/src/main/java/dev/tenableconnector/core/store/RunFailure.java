package dev.tenableconnector.core.store;

/** Why a run failed: an error code, Tenable's HTTP status when there was one, cause and remedy. */
public record RunFailure(String errorCode, Integer tenableStatus, String message, String remedy) {}
