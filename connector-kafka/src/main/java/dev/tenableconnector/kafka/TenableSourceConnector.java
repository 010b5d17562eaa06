package dev.tenableconnector.kafka;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.http.RetryPolicy;
import dev.tenableconnector.core.errors.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A Kafka Connect source connector for one Tenable account. The connector instance is the only part
 * that starts, adopts or cancels exports ({@link CyclePlanner}, on its own thread); its tasks
 * download disjoint lanes of the exports' chunks ({@link TenableSourceTask}). {@link #taskConfigs}
 * does no I/O: it deals the lanes of the plan in hand.
 */
public final class TenableSourceConnector extends SourceConnector {
  /** How long {@link #validate}'s authentication check may take. */
  static final Duration AUTH_CHECK = Duration.ofSeconds(10);

  private Map<String, String> props;
  private KafkaSettings settings;
  private TenableClient client;
  private CyclePlanner planner;
  private Thread plannerThread;
  private volatile CyclePlan plan;

  @Override
  public String version() {
    return Versions.VERSION;
  }

  @Override
  public ConfigDef config() {
    return KafkaSettings.CONFIG;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return TenableSourceTask.class;
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    this.settings = KafkaSettings.of(props);
    this.client = new TenableClient(TenableClients.config(settings).build());
    // Read before the first taskConfigs(): a connector that takes over from a dead worker is asked
    // for them at once, and an answer without the cycle under way would leave the tasks idle.
    this.plan = CyclePlanner.recovered(context().offsetStorageReader());
    this.planner =
        new CyclePlanner(
            props.getOrDefault("name", ""),
            settings,
            client,
            context().offsetStorageReader(),
            plan,
            next -> {
              plan = next;
              context.requestTaskReconfiguration();
            },
            e -> context.raiseError(e instanceof Exception ex ? ex : new RuntimeException(e)),
            Clock.systemUTC());
    plannerThread = new Thread(planner, "tenable-cycle-planner");
    plannerThread.setDaemon(true);
    plannerThread.start();
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    int tasks = Math.max(1, Math.min(maxTasks, settings.lanes()));
    CyclePlan current = plan;
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      StringJoiner lanes = new StringJoiner(",");
      for (int lane = i; lane < settings.lanes(); lane += tasks) {
        lanes.add(Integer.toString(lane));
      }
      Map<String, String> config = new HashMap<>(props);
      config.put(TenableSourceTask.TASK_INDEX, Integer.toString(i));
      config.put(TenableSourceTask.TASK_LANES, lanes.toString());
      if (current != null) {
        config.put(TenableSourceTask.CYCLE_PLAN, current.toJson());
      }
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {
    if (planner != null) {
      planner.stop();
      plannerThread.interrupt();
      try {
        plannerThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (client != null) {
      client.close();
    }
  }

  /**
   * Every problem of the configuration, per key (the validator the CLI and the API use for the sync
   * settings), and when the keys are well formed, an authentication check against Tenable ({@code
   * GET /session}, bounded by {@link #AUTH_CHECK}) that starts no export.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> byName = new HashMap<>();
    for (ConfigValue v : config.configValues()) {
      byName.put(v.name(), v);
    }
    boolean typesValid = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (!typesValid) {
      return config;
    }
    KafkaSettings.Parsed parsed = KafkaSettings.parse(connectorConfigs);
    for (KafkaSettings.Problem p : parsed.problems()) {
      byName
          .computeIfAbsent(
              p.key(),
              k -> {
                ConfigValue v = new ConfigValue(k);
                config.configValues().add(v);
                return v;
              })
          .addErrorMessage(p.message());
    }
    if (parsed.valid()) {
      accountProblem(parsed.settings(), connectorConfigs.getOrDefault("name", ""))
          .ifPresent(p -> byName.get(p.key()).addErrorMessage(p.message()));
    }
    return config;
  }

  /**
   * Whether the keys open Tenable, and whether another connector in this worker already syncs that
   * account.
   */
  private static java.util.Optional<KafkaSettings.Problem> accountProblem(
      KafkaSettings settings, String connector) {
    try (TenableClient check =
        new TenableClient(
            TenableClients.config(settings)
                .retryPolicy(RetryPolicy.defaults().withDeadline(AUTH_CHECK))
                .build())) {
      String account = AccountClaims.account(settings.tenableUrl(), check.session());
      return AccountClaims.heldByOther(account, connector)
          .map(
              holder ->
                  new KafkaSettings.Problem(
                      KafkaSettings.ACCESS_KEY, AccountClaims.refusal(account, holder)));
    } catch (TenableApiException e) {
      ErrorCode code = ErrorCode.of(e.error());
      String key =
          code == ErrorCode.AUTHENTICATION || code == ErrorCode.PERMISSION
              ? KafkaSettings.ACCESS_KEY
              : KafkaSettings.TENABLE_URL;
      return java.util.Optional.of(
          new KafkaSettings.Problem(key, code.name() + ": " + code.cause() + " " + code.remedy()));
    }
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
      Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.SUPPORTED;
  }
}
