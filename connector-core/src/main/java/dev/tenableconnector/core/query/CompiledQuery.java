package dev.tenableconnector.core.query;

import java.util.List;

/** A query as a SQL condition with its bind values, in order; values are never in the SQL text. */
public record CompiledQuery(String sql, List<Object> params) {}
