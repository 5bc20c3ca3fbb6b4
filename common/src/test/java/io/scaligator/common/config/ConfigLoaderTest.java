package io.scaligator.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.target.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    /** The original Scaligator config.toml, byte for byte as users have it. */
    static final String SEED = """
            prometheus_url = "http://prometheus-operated.monitoring:9090"
            watch_namespaces = ["default", "scaling", "dev"]
            scale_up_cpu_threshold = 0.7
            scale_down_cpu_threshold = 0.2
            disable_dev_after = "20:00"
            enable_dev_after = "08:00"
            """;

    /** A receiver token, as the receiver's own environment would carry it. */
    static final Map<String, String> TOKEN_ENV = Map.of("SCALIGATOR_RECEIVER_TOKEN", "s3cret-token-0123456789");

    @TempDir
    Path dir;

    @Test
    void theOriginalScaligatorFileLoadsUnchanged() throws IOException {
        ScaligatorConfig config = load(SEED, TOKEN_ENV).config();

        assertThat(config.prometheusUrl()).isEqualTo("http://prometheus-operated.monitoring:9090");
        assertThat(config.watchNamespaces()).containsExactly("default", "scaling", "dev");
        assertThat(config.scaleUpCpuThreshold()).isEqualTo(0.7);
        assertThat(config.scaleDownCpuThreshold()).isEqualTo(0.2);
        assertThat(config.disableDevAfter()).isEqualTo(LocalTime.of(20, 0));
        assertThat(config.enableDevAfter()).isEqualTo(LocalTime.of(8, 0));
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theOriginalKeysBecomeTheCpuRuleAndTheDevDowntimeRule() throws IOException {
        ScaligatorConfig config = load(SEED, TOKEN_ENV).config();

        assertThat(config.metricRules()).singleElement().satisfies(rule -> {
            assertThat(rule.name()).isEqualTo("cpu");
            assertThat(rule.mode()).isEqualTo(MetricRule.Mode.THRESHOLD);
            assertThat(rule.scaleUpThreshold()).isEqualTo(0.7);
            assertThat(rule.scaleDownThreshold()).isEqualTo(0.2);
            assertThat(rule.query()).isEqualTo(MetricRule.BUILTIN_QUERIES.get("cpu"));
        });
        assertThat(config.timeRules()).singleElement().satisfies(rule -> {
            assertThat(rule.namespaces()).containsExactly("dev");
            assertThat(rule.downtime()).isEqualTo("Mon-Sun 20:00-08:00 UTC");
            assertThat(rule.uptime()).isNull();
            assertThat(rule.downtimeReplicas()).isZero();
        });
    }

    @Test
    void watchNamespacesAlsoLoadsFromACommaStringTrimmed() throws IOException {
        ScaligatorConfig config = load("watch_namespaces = \" default , scaling,dev ,\"\n", TOKEN_ENV)
                .config();

        assertThat(config.watchNamespaces()).containsExactly("default", "scaling", "dev");
    }

    @Test
    void precedenceIsDefaultThenFileThenEnvironment() throws IOException {
        String file = SEED + """
                reconcile_interval = 15
                [kafka]
                bootstrap_servers = "kafka-file:9092"
                partitions = 12
                """;
        Map<String, String> env = new HashMap<>(TOKEN_ENV);
        env.put("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", "kafka-env:9093");
        env.put("SCALIGATOR_WATCH_NAMESPACES", "team-a, team-b");
        env.put("SCALIGATOR_RECONCILE_INTERVAL", "1m");

        ScaligatorConfig config = load(file, env).config();

        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-env:9093");
        assertThat(config.watchNamespaces()).containsExactly("team-a", "team-b");
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.kafka().partitions()).isEqualTo(12);
        assertThat(config.kafka().topicPrefix()).isEqualTo("scaligator.");
        assertThat(config.scaleUpCpuThreshold()).isEqualTo(0.7);
    }

    @Test
    void anEmbeddingProgramsDefaultsSitBelowTheFileAndItsOverridesAboveEverything() throws IOException {
        Path file = write(SEED + "[kafka]\nbootstrap_servers = \"kafka-file:9092\"\n");
        Map<String, String> env = Map.of("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", "kafka-env:9093");

        ScaligatorConfig config = ConfigLoader.load(
                        file,
                        env,
                        Map.of("receiver.token", "generated-0123456789", "scale_up_cpu_threshold", 0.9),
                        Map.of("kafka.bootstrap_servers", "127.0.0.1:40000"))
                .config();

        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:40000");
        assertThat(config.receiver().credentials().alerts().token().matches("generated-0123456789"))
                .isTrue();
        assertThat(config.scaleUpCpuThreshold()).isEqualTo(0.7);
    }

    @Test
    void defaultsApplyWithoutAnyFile() {
        ConfigLoader.Loaded loaded = ConfigLoader.load((Path) null, TOKEN_ENV);

        assertThat(loaded.config().watchNamespaces()).containsExactly("default");
        assertThat(loaded.config().engine().stabilizationDown()).isEqualTo(Duration.ofSeconds(300));
        assertThat(loaded.config().actuator().lease().namespace()).isEqualTo("scaligator");
        assertThat(loaded.config().poller().lease().namespace()).isEqualTo("scaligator");
        assertThat(loaded.config().devTimezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(loaded.config().kafka().retention()).isEqualTo(new TopicRetention(Duration.ofDays(7), 1L << 30));
        assertThat(loaded.config().engine().checkpointInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void retentionIsReadInHoursAndMebibytesAndZeroMibMeansNoSizeBound() throws IOException {
        ScaligatorConfig config = load(SEED + """
                [kafka]
                retention = "36h"
                retention_mib = 0
                [engine]
                checkpoint_interval = "15m"
                """, TOKEN_ENV).config();

        assertThat(config.kafka().retention().time()).isEqualTo(Duration.ofHours(36));
        assertThat(io.scaligator.common.kafka.TopicAdmin.configs(config.kafka().retention(), false))
                .containsEntry(
                        "retention.ms", Long.toString(Duration.ofHours(36).toMillis()))
                .containsEntry("retention.bytes", "-1")
                .containsEntry("cleanup.policy", "delete");
        assertThat(io.scaligator.common.kafka.TopicAdmin.configs(config.kafka().retention(), true))
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "-1");
        assertThat(config.engine().checkpointInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theConfigPathComesFromTheArgumentOrTheEnvironment() throws IOException {
        Path file = write(SEED);

        assertThat(ConfigLoader.configPath(new String[] {"--config", file.toString()}, Map.of()))
                .isEqualTo(file);
        assertThat(ConfigLoader.configPath(new String[] {"--config=" + file}, Map.of()))
                .isEqualTo(file);
        assertThat(ConfigLoader.configPath(new String[0], Map.of(ConfigLoader.CONFIG_ENV, file.toString())))
                .isEqualTo(file);
        assertThat(ConfigLoader.configPath(new String[0], Map.of())).isNull();
        assertThat(ConfigLoader.load(new String[] {"--config", file.toString()}, TOKEN_ENV)
                        .config()
                        .watchNamespaces())
                .containsExactly("default", "scaling", "dev");
    }

    @Test
    void aMissingConfigFileIsAnErrorNotASilentFallback() {
        String missing = dir.resolve("nope.toml").toString();

        assertThatThrownBy(() -> ConfigLoader.configPath(new String[] {"--config", missing}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file '" + missing + "' (from --config) does not exist");
        assertThatThrownBy(() -> ConfigLoader.configPath(new String[0], Map.of(ConfigLoader.CONFIG_ENV, missing)))
                .hasMessageContaining("(from SCALIGATOR_CONFIG) does not exist");
        assertThatThrownBy(() -> ConfigLoader.configPath(new String[] {"--config"}, Map.of()))
                .hasMessageContaining("--config needs a file path");
    }

    @Test
    void unknownKeysAreWarnedAboutByName() throws IOException {
        ConfigLoader.Loaded loaded =
                load(SEED + """
                scale_up_cpu_treshold = 0.9
                [kafka]
                bootstrap_server = "x:1"
                [[alert_rules]]
                name = "cpu"
                match = { alertname = "HighCPUUsage" }
                floor_add = 1
                flor = 2
                """, Map.of("SCALIGATOR_RECEIVER_TOKEN", "t", "SCALIGATOR_PROMETHEUS", "x"));

        assertThat(loaded.warnings())
                .containsExactlyInAnyOrder(
                        "unknown config key 'scale_up_cpu_treshold' is ignored",
                        "unknown config key 'kafka.bootstrap_server' is ignored",
                        "unknown config key 'alert_rules[0].flor' is ignored",
                        "unknown environment variable SCALIGATOR_PROMETHEUS is ignored");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "threshold of the wrong type      | scale_up_cpu_threshold = \"high\"       | scale_up_cpu_threshold = \"high\" (from ",
                "threshold out of range           | scale_up_cpu_threshold = -1            | scale_up_cpu_threshold = -1 (from ",
                "thresholds crossed               | scale_down_cpu_threshold = 0.9         | scale_down_cpu_threshold (0.9) must be below scale_up_cpu_threshold (0.7)",
                "bad time of day                  | disable_dev_after = \"8pm\"             | disable_dev_after = \"8pm\" (from ",
                "time of day out of range         | enable_dev_after = \"25:00\"            | enable_dev_after = \"25:00\" (from ",
                "bad duration                     | reconcile_interval = \"soon\"           | reconcile_interval = \"soon\" (from ",
                "duration too short               | reconcile_interval = 0                 | allowed: a duration from 1s to 1h",
                "bad URL                          | prometheus_url = \"prometheus:9090\"    | prometheus_url = \"prometheus:9090\" (from ",
                "namespace list of numbers        | watch_namespaces = [1, 2]              | watch_namespaces = [1, 2] (from ",
                "namespace not DNS-1123           | watch_namespaces = [\"Prod\"]           | allowed: DNS-1123 labels",
                "empty namespace list             | watch_namespaces = []                  | allowed: at least one namespace",
                "own namespace watched            | watch_namespaces = [\"scaligator\"]     | watch_namespaces contains Scaligator's own namespace 'scaligator'",
                "bad time zone                    | dev_timezone = \"Mars/Olympus\"         | dev_timezone = \"Mars/Olympus\" (from ",
                "min above max                    | min_replicas = 5\\nmax_replicas = 2     | min_replicas (5) must not exceed max_replicas (2)",
                "bad bootstrap servers            | [kafka]\\nbootstrap_servers = \"kafka\"  | kafka.bootstrap_servers = \"kafka\" (from ",
                "partitions zero                  | [kafka]\\npartitions = 0                | allowed: an integer from 1 to 1000",
                "fractional partitions            | [kafka]\\npartitions = 1.5              | expected an integer",
                "retention too short              | [kafka]\\nretention = \"30m\"           | kafka.retention = \"30m\" (from ",
                "retention not a duration         | [kafka]\\nretention = \"7d\"            | kafka.retention = \"7d\" (from ",
                "negative retention size          | [kafka]\\nretention_mib = -1            | kafka.retention_mib = -1 (from ",
                "checkpoint interval too short    | [engine]\\ncheckpoint_interval = \"10s\" | engine.checkpoint_interval = \"10s\" (from ",
                "checkpoints beyond retention     | [kafka]\\nretention = \"2h\"\\n[engine]\\ncheckpoint_interval = \"2h\" | engine.checkpoint_interval (2h) must be below kafka.retention (2h)",
                "unknown auth scheme              | [receiver]\\nauth = \"digest\"          | receiver.auth = \"digest\" (from ",
                "port out of range                | [receiver]\\nport = 70000              | receiver.port = 70000 (from ",
                "boolean as a number              | [actuator]\\ndry_run = 1               | expected true or false",
                "lease timings inverted           | [actuator]\\nrenew_deadline = \"20s\"  | actuator.lease_duration (PT15S) > actuator.renew_deadline (PT20S)",
                "poller lease timings inverted    | [poller]\\nretry_period = \"10s\"    | poller.lease_duration (PT15S) > poller.renew_deadline (PT10S) > poller.retry_period (PT10S)",
                "tolerance out of range           | [engine]\\ntolerance = 1.5            | engine.tolerance = 1.5 (from ",
                "metric rule without query        | [[metric_rules]]\\nname = \"rps\"\\nscale_up_threshold = 1\\nscale_down_threshold = 0 | metric_rules[0].query is required",
                "proportional rule without target | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\" | metric_rules[0].target must be a number > 0 in proportional mode",
                "unknown metric mode              | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"fast\" | metric_rules[0].mode = \"fast\": allowed: threshold, proportional",
                "alert rule with two floors       | [[alert_rules]]\\nname = \"a\"\\nmatch = { alertname = \"X\" }\\nfloor_add = 1\\nfloor_replicas = 3 | exactly one must be set, found 2",
                "alert rule without match         | [[alert_rules]]\\nname = \"a\"\\nfloor_add = 1 | alert_rules[0].match is required",
                "time rule without schedule       | [[time_rules]]\\nname = \"t\"\\nnamespaces = [\"dev\"] | time_rules[0].uptime / time_rules[0].downtime: exactly one must be set",
                "rules not an array of tables     | metric_rules = \"cpu\"                  | metric_rules: expected an array of tables",
                "duplicate rule names             | [[metric_rules]]\\nname = \"cpu\"\\n[[metric_rules]]\\nname = \"cpu\" | the name 'cpu' is used twice",
                "average_value of a utilization   | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\"\\ntarget = 0.7\\ntarget_type = \"average_value\" | metric_rules[0].target_type = \"average_value\" needs kind = \"value\"",
                "unknown target type              | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\"\\ntarget = 0.7\\ntarget_type = \"avg\" | metric_rules[0].target_type = \"avg\": allowed: utilization, value, average_value",
                "unknown forecast mode            | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\"\\ntarget = 0.7\\nforecast = \"on\" | metric_rules[0].forecast = \"on\": allowed: \"off\", \"forecast-only\", \"forecast-and-scale\"",
                "forecast of a threshold rule     | [[metric_rules]]\\nname = \"cpu\"\\nforecast = \"forecast-only\" | metric_rules[0].forecast = \"forecast-only\" needs mode = \"proportional\"",
                "forecast horizon too long        | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\"\\ntarget = 0.7\\nforecast = \"forecast-only\"\\nforecast_horizon = \"7h\" | metric_rules[0].forecast_horizon = 25200s: allowed: above 0 and at most 6h",
                "negative forecast margin         | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\"\\ntarget = 0.7\\nforecast_margin = -0.1 | metric_rules[0].forecast_margin = -0.1: allowed: a number from 0 to 10",
                "zero forecast target             | [[metric_rules]]\\nname = \"cpu\"\\nmode = \"proportional\"\\ntarget = 0.7\\nforecast_target = 0 | metric_rules[0].forecast_target = 0.0: allowed: a number > 0",
                "floor TTL too short              | [engine]\\nalert_floor_ttl = \"10s\"  | engine.alert_floor_ttl = \"10s\" (from ",
                "negative standby replicas        | [engine]\\nstandby_replicas = -1        | engine.standby_replicas = -1 (from ",
                "instance id with a space         | [engine]\\ninstance_id = \"engine 1\"      | engine.instance_id = \"engine 1\" (from ",
                "activate_from_zero not a boolean | [[alert_rules]]\\nname = \"a\"\\nmatch = { alertname = \"X\" }\\nfloor_add = 1\\nactivate_from_zero = \"yes\" | alert_rules[0].activate_from_zero = \"yes\"",
                "bad exclude glob                 | exclude_namespaces = [\"Team/*\"]     | exclude_namespaces = [Team/*] (from ",
                "every namespace excluded         | watch_namespaces = [\"dev\"]\\nexclude_namespaces = [\"d*\"] | watch_namespaces [dev]: every namespace is excluded",
                "star among bad names             | watch_namespaces = [\"*\", \"Prod\"]    | allowed: DNS-1123 labels (lower-case alphanumerics and '-') or \"*\"",
                "scalable kind without plural     | [[scalable_kinds]]\\ngroup = \"argoproj.io\"\\nversion = \"v1alpha1\"\\nkind = \"Rollout\" | scalable_kinds[0].plural is required",
                "scalable kind lower-case         | [[scalable_kinds]]\\ngroup = \"argoproj.io\"\\nversion = \"v1alpha1\"\\nkind = \"rollout\"\\nplural = \"rollouts\" | scalable_kinds[0].kind: kind 'rollout' is not a Kubernetes kind name",
                "scalable kind bad version        | [[scalable_kinds]]\\ngroup = \"argoproj.io\"\\nversion = \"1\"\\nkind = \"Rollout\"\\nplural = \"rollouts\" | scalable_kinds[0].version: version '1' is not an API version",
                "scalable kind shadows built-in   | [[scalable_kinds]]\\ngroup = \"example.com\"\\nversion = \"v1\"\\nkind = \"Deployment\"\\nplural = \"deployments\" | scalable_kinds: kind Deployment is already known as Deployment (apps/v1, deployments)",
                "scalable kind twice              | [[scalable_kinds]]\\ngroup = \"a.io\"\\nversion = \"v1\"\\nkind = \"Job2\"\\nplural = \"jobs\"\\n[[scalable_kinds]]\\ngroup = \"b.io\"\\nversion = \"v1\"\\nkind = \"Job2\"\\nplural = \"jobs\" | scalable_kinds: the name 'Job2' is used twice",
            })
    void eachMalformedConfigGivesAnErrorNamingTheKey(String name, String toml, String expected) {
        assertThatThrownBy(() -> load(toml.replace("\\n", "\n"), TOKEN_ENV))
                .as(name)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "downtime | Sat-Sun 00:00-24:30 UTC          | time_rules[0].downtime: | 24:30 is not a time of day",
                "uptime   | Mon-Fri 08:00-20:00 Mars/Olympus | time_rules[0].uptime:   | unknown time zone 'Mars/Olympus'",
                "downtime | weekdays                         | time_rules[0].downtime: | 'weekdays' in",
            })
    void aScheduleThatDoesNotParseIsRefusedAtLoadNamingItsKey(String key, String schedule, String path, String reason) {
        String toml = "[[time_rules]]\nname = \"t\"\nnamespaces = [\"dev\"]\n" + key + " = \"" + schedule + "\"\n";
        assertThatThrownBy(() -> load(toml, TOKEN_ENV))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith(path).contains(reason)));
    }

    @Test
    void theDevKeysBecomeTheTimeRuleNamedDevHours() throws IOException {
        ScaligatorConfig config = load(
                        SEED + "[[time_rules]]\nname = \"weekend\"\nnamespaces = [\"dev\"]\n"
                                + "downtime = \"Sat-Sun 00:00-24:00 UTC\"\n",
                        TOKEN_ENV)
                .config();

        assertThat(config.timeRules())
                .extracting(TimeRule::name)
                .containsExactlyInAnyOrder("weekend", TimeRule.DEV_HOURS);
        assertThat(config.timeRules())
                .filteredOn(r -> r.name().equals(TimeRule.DEV_HOURS))
                .singleElement()
                .satisfies(r -> assertThat(r.downtime()).startsWith("Mon-Sun " + config.disableDevAfter() + "-"));
    }

    @Test
    void aForecastRuleGetsItsHorizonFromTheIntervalUnlessSet() throws IOException {
        String rule = "[[metric_rules]]\nname = \"cpu\"\nmode = \"proportional\"\ntarget = 0.7\n"
                + "forecast = \"forecast-and-scale\"\n";
        MetricRule.Forecast byDefault = load("reconcile_interval = 20\n" + rule, TOKEN_ENV)
                .config()
                .metricRules()
                .get(0)
                .forecast();
        assertThat(byDefault)
                .isEqualTo(new MetricRule.Forecast(
                        MetricRule.ForecastMode.FORECAST_AND_SCALE, java.time.Duration.ofSeconds(80), 0.1, null));
        MetricRule.Forecast set = load(
                        rule + "forecast_horizon = \"5m\"\nforecast_margin = 0.25\n" + "forecast_target = 1.0\n",
                        TOKEN_ENV)
                .config()
                .metricRules()
                .get(0)
                .forecast();
        assertThat(set)
                .isEqualTo(new MetricRule.Forecast(
                        MetricRule.ForecastMode.FORECAST_AND_SCALE, java.time.Duration.ofMinutes(5), 0.25, 1.0));
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> load(
                        SEED, Map.of("SCALIGATOR_RECEIVER_TOKEN", "t", "SCALIGATOR_SCALE_UP_CPU_THRESHOLD", "lots")))
                .hasMessageContaining("scale_up_cpu_threshold = \"lots\" (from environment variable "
                        + "SCALIGATOR_SCALE_UP_CPU_THRESHOLD): expected a number");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> load("scale_up_cpu_threshold = \"x\"\nreconcile_interval = \"y\"\n", TOKEN_ENV))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void invalidTomlSaysWhere() {
        assertThatThrownBy(() -> load("watch_namespaces = [\"a\"\nscale_up_cpu_threshold = 0.7\n", TOKEN_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid TOML (line ");
    }

    @Test
    void theReceiverRefusesToStartWithoutACredentialUnlessAuthIsDisabled() throws IOException {
        ScaligatorConfig withoutToken = load(SEED, Map.of()).config();

        assertThatThrownBy(() -> withoutToken.receiver().credentials())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receiver.auth = \"bearer\" needs receiver.token or receiver.token_file");
        ScaligatorConfig open =
                load(SEED + "[receiver]\nauth = \"none\"\n", Map.of()).config();
        assertThat(open.receiver().credentials().alerts().auth()).isEqualTo(ReceiverSettings.Auth.NONE);
    }

    @Test
    void servicesOtherThanTheReceiverLoadTheSharedFileWithoutTheMountedToken() throws IOException {
        ScaligatorConfig config = load(
                        SEED + "[receiver]\ntoken_file = \"/var/run/secrets/scaligator/token\"\n", Map.of())
                .config();

        assertThat(config.receiver().tokenFile()).isEqualTo("/var/run/secrets/scaligator/token");
        assertThatThrownBy(() -> config.receiver().credentials())
                .hasMessageContaining(
                        "receiver.token_file = \"/var/run/secrets/scaligator/token\": cannot read the file");
    }

    @Test
    void theTokenCanComeFromAMountedFileAndAnEmptyFileIsNamed() throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "from-file-0123456789\n");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");

        ScaligatorConfig config = load(SEED + "[receiver]\ntoken_file = \"" + token + "\"\n", Map.of())
                .config();
        ScaligatorConfig blank = load(SEED + "[receiver]\ntoken_file = \"" + empty + "\"\n", Map.of())
                .config();

        assertThat(config.receiver().credentials().triggers().token().matches("from-file-0123456789"))
                .isTrue();
        assertThatThrownBy(() -> blank.receiver().credentials())
                .hasMessageContaining("receiver.token_file = \"" + empty + "\": the file is empty");
    }

    @Test
    void secretsAreMaskedWhenTheConfigIsPrinted() throws IOException {
        ScaligatorConfig config = load(SEED + """
                [kafka.properties]
                "sasl.jaas.config" = "org.apache.kafka.common.security.plain.PlainLoginModule password=hunter2;"
                "security.protocol" = "SASL_SSL"
                [receiver]
                auth = "basic"
                username = "am"
                password = "hunter2-hunter2-hunter2"
                """, Map.of("SCALIGATOR_RECEIVER_TOKEN", "tok-hunter2-hunter2"))
                .config();

        assertThat(config.toString())
                .doesNotContain("hunter2")
                .contains("SASL_SSL")
                .contains("******");
        assertThat(config.kafka().properties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.receiver().credentials().alerts().password().matches("hunter2-hunter2-hunter2"))
                .isTrue();
    }

    @Test
    void eachEndpointMayHaveItsOwnCredentialAndFallsBackToTheSharedOne() throws IOException {
        ScaligatorConfig config = load(SEED + """
                [receiver]
                token = "shared-token-0123456789"
                alerts_token = "alertmanager-token-0123456789"
                """, Map.of()).config();

        ReceiverSettings.EndpointCredentials credentials = config.receiver().credentials();

        assertThat(credentials.alerts().token().matches("alertmanager-token-0123456789"))
                .isTrue();
        assertThat(credentials.alerts().token().matches("shared-token-0123456789"))
                .isFalse();
        assertThat(credentials.triggers().token().matches("shared-token-0123456789"))
                .isTrue();
        assertThat(config.toString()).doesNotContain("0123456789");
    }

    @Test
    void refusesShortCredentialsNamingTheKey() throws IOException {
        ScaligatorConfig shortShared =
                load(SEED + "[receiver]\ntoken = \"short\"\n", Map.of()).config();
        ScaligatorConfig shortOwn = load(
                        SEED + "[receiver]\ntoken = \"shared-token-0123456789\"\n" + "triggers_token = \"ci-token\"\n",
                        Map.of())
                .config();
        ScaligatorConfig halfOwn = load(
                        SEED + "[receiver]\nauth = \"basic\"\nusername = \"am\"\n"
                                + "password = \"shared-password-0123\"\nalerts_username = \"am2\"\n",
                        Map.of())
                .config();

        assertThatThrownBy(() -> shortShared.receiver().credentials())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receiver.token is 5 characters long; at least 16 are required");
        assertThatThrownBy(() -> shortOwn.receiver().credentials())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receiver.triggers_token is 8 characters long; at least 16 are required")
                .hasMessageNotContaining("receiver.token ");
        assertThatThrownBy(() -> halfOwn.receiver().credentials())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receiver.alerts_username and receiver.alerts_password (or "
                        + "receiver.alerts_password_file) are needed together for POST /alerts");
    }

    @Test
    void tlsNeedsBothPemFiles() {
        assertThatThrownBy(() -> load(SEED + "[receiver]\ntls_cert_file = \"/etc/tls/tls.crt\"\n", TOKEN_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receiver.tls_cert_file and receiver.tls_key_file must be set together");
    }

    @Test
    void aValueRuleWithoutTargetTypeIsAnAverageValueAndTheChangeIsWarnedAbout() throws IOException {
        ConfigLoader.Loaded loaded = load(SEED + """
                [[metric_rules]]
                name = "rps"
                query = "sum by (namespace, workload) (rate(http_requests_total[1m]))"
                kind = "value"
                mode = "proportional"
                target = 50
                [[metric_rules]]
                name = "per-pod"
                query = "avg by (namespace, workload) (rate(http_requests_total[1m]))"
                kind = "value"
                mode = "proportional"
                target_type = "value"
                target = 50
                [[alert_rules]]
                name = "a"
                match = { alertname = "X" }
                floor_add = 2
                activate_from_zero = true
                """, TOKEN_ENV);

        assertThat(loaded.config().metricRules())
                .extracting(MetricRule::targetType)
                .containsExactly(MetricRule.TargetType.AVERAGE_VALUE, MetricRule.TargetType.VALUE);
        assertThat(loaded.config().metricRules().get(0).kind()).isEqualTo(MetricRule.MetricKind.VALUE);
        assertThat(loaded.warnings())
                .singleElement()
                .asString()
                .startsWith("metric_rules[0].target_type is not set")
                .contains("ceil(value / target)")
                .contains("target_type = \"value\"");
        assertThat(loaded.config().metricRules())
                .allSatisfy(r -> assertThat(r.forecast().mode()).isEqualTo(MetricRule.ForecastMode.OFF));
        assertThat(loaded.config().alertRules().get(0).activateFromZero()).isTrue();
        assertThat(loaded.config().engine().alertFloorTtl()).isEqualTo(java.time.Duration.ofHours(5));
        assertThat(loaded.config().engine().triggersActivateFromZero()).isFalse();
    }

    @Test
    void floorsSaturateInsteadOfWrappingAround() {
        AlertRule add = new AlertRule("a", Map.of("alertname", "X"), AlertRule.FloorKind.ADD, Integer.MAX_VALUE);
        AlertRule factor = new AlertRule("f", Map.of("alertname", "X"), AlertRule.FloorKind.FACTOR, 1e12);
        assertThat(add.floor(10)).isEqualTo(Integer.MAX_VALUE);
        assertThat(factor.floor(10)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void rulesLoadFromArraysOfTables() throws IOException {
        ScaligatorConfig config = load(SEED + """
                [[metric_rules]]
                name = "cpu"
                mode = "proportional"
                target = 0.6
                [[metric_rules]]
                name = "queue-depth"
                query = "sum by (namespace, workload) (queue_depth)"
                kind = "value"
                scale_up_threshold = 100
                scale_down_threshold = 10
                step = 2
                [[alert_rules]]
                name = "high-cpu"
                match = { alertname = "HighCPUUsage", severity = "critical" }
                floor_factor = 1.5
                [[time_rules]]
                name = "office-hours"
                namespaces = ["scaling"]
                uptime = "Mon-Fri 08:00-20:00 Europe/Berlin"
                """, TOKEN_ENV).config();

        assertThat(config.metricRules()).extracting(MetricRule::name).containsExactly("cpu", "queue-depth");
        assertThat(config.metricRules().get(0).target()).isEqualTo(0.6);
        assertThat(config.metricRules().get(1).kind()).isEqualTo(MetricRule.MetricKind.VALUE);
        assertThat(config.metricRules().get(1).step()).isEqualTo(2);
        AlertRule alert = config.alertRules().get(0);
        assertThat(alert.matches(Map.of("alertname", "HighCPUUsage", "severity", "critical", "pod", "x")))
                .isTrue();
        assertThat(alert.matches(Map.of("alertname", "HighCPUUsage"))).isFalse();
        assertThat(alert.floor(3)).isEqualTo(5);
        assertThat(config.timeRules()).extracting(TimeRule::name).containsExactly("office-hours", "dev-hours");
        assertThat(config.namespaceScope().mayScale("scaling")).isTrue();
        assertThat(config.namespaceScope().mayScale("kube-system")).isFalse();
    }

    @Test
    void everyKeyHasADistinctNameEnvironmentVariableAndDoc() {
        List<ConfigKey<?>> keys = ScaligatorConfig.allKeys();

        assertThat(keys).extracting(ConfigKey::name).doesNotHaveDuplicates();
        assertThat(keys).extracting(ConfigKey::envName).doesNotHaveDuplicates();
        assertThat(keys).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
    }

    @Test
    void scalableKindsAndClusterWideScopeAreLoadedAndKindsBecomeParseable() throws IOException {
        ScaligatorConfig config = load("""
                        watch_namespaces = ["*", "kube-system"]
                        exclude_namespaces = ["ci-*", "sandbox"]

                        [[scalable_kinds]]
                        group = "argoproj.io"
                        version = "v1alpha1"
                        kind = "Rollout"
                        plural = "rollouts"
                        """, TOKEN_ENV).config();

        Kind rollout = new Kind("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        assertThat(config.scalableKinds()).containsExactly(rollout);
        assertThat(Kind.parse("Rollout")).isEqualTo(rollout);
        assertThat(config.namespaceScope().allNamespaces()).isTrue();
        assertThat(config.namespaceScope().mayScale("kube-system")).isTrue();
        assertThat(config.namespaceScope().mayScale("ci-3")).isFalse();
        assertThat(config.namespaceScope().mayScale("scaligator")).isFalse();
    }

    private ConfigLoader.Loaded load(String toml, Map<String, String> env) throws IOException {
        return ConfigLoader.load(write(toml), env);
    }

    private Path write(String toml) throws IOException {
        Path file = Files.createTempFile(dir, "config", ".toml");
        Files.writeString(file, toml);
        return file;
    }
}
