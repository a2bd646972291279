import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community in this JVM with only Bolt open, on loopback, for the Node.js process
 * that starts it (src/database/embedded.ts). Run as a single source file:
 * {@code java -cp 'lib/*' Launcher.java --data DIR --bolt-port N --plugins DIR}.
 *
 * <p>It talks to its parent through one JSON object per stdout line ("ready", "error",
 * "stopped"), so the parent never parses Neo4j's own logs, which go to DIR/logs. It stops
 * cleanly on SIGTERM/SIGINT and also when its standard input closes, so that a parent killed
 * without warning never leaves an orphan database holding the store lock.
 *
 * <p>The password of the built-in {@code neo4j} user comes from GT_NEO4J_PASSWORD, so the
 * store is never open to other local users with a known default.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path data = Path.of(require(options, "data")).toAbsolutePath();
        int boltPort = Integer.parseInt(require(options, "bolt-port"));
        Path plugins = Path.of(require(options, "plugins")).toAbsolutePath();
        String pageCache = options.getOrDefault("pagecache", "512m");
        String txMax = options.getOrDefault("tx-memory", "1g");
        String password = System.getenv("GT_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("CONFIG", "GT_NEO4J_PASSWORD must hold a password of at least 8 characters.");
            return;
        }
        Files.createDirectories(data);
        long started = System.nanoTime();

        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(data)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", boltPort))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                    .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("*"))
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.parse(txMax))
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(120))
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                    // No usage reports: the machine may have no route out, and it is not ours to send.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Bolt waits 5 s twice on shutdown by default; our only client closes first.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable error) {
            reportStartFailure(error, boltPort, data);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            try {
                service.shutdown();
                emit("stopped", Map.of());
            } finally {
                stopped.countDown();
            }
        }, "golden-thread-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        try {
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            setPassword(system, password);
            GraphDatabaseService neo4j = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            neo4j.executeTransactionally("RETURN 1");
        } catch (Throwable error) {
            fail("START_FAILED", "The database started but could not be prepared: " + rootMessage(error));
            return;
        }

        long ms = (System.nanoTime() - started) / 1_000_000;
        Map<String, Object> ready = new HashMap<>();
        ready.put("bolt", "bolt://127.0.0.1:" + boltPort);
        ready.put("ms", ms);
        ready.put("pid", ProcessHandle.current().pid());
        emit("ready", ready);

        watchParent(System.in);
        stopped.await();
    }

    /**
     * Sets the neo4j user's password. A restart after a crash (src/database/embedded.ts) passes the
     * password the store already has, so that the parent's driver reconnects with it; Neo4j refuses
     * to "change" a password to itself, which here means it is already right.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException error) {
            if (!rootMessage(error).contains("Old password and new password cannot be the same")) {
                throw error;
            }
        }
    }

    /** Exits (running the shutdown hook) when the parent closes our stdin, e.g. because it died. */
    private static void watchParent(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() != -1) {
                    // Nothing is sent on stdin; it exists only so its end can be noticed.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as end of input.
            }
            System.exit(0);
        }, "golden-thread-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void reportStartFailure(Throwable error, int port, Path data) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")) {
                fail("PORT_IN_USE", "Port " + port + " on 127.0.0.1 is already in use; set GT_BOLT_PORT to a free port or stop what is using it.");
                return;
            }
            if (t.getClass().getSimpleName().equals("FileLockException") || message.contains("Lock file has been locked")) {
                fail("STORE_LOCKED", "The data folder " + data + " is in use by another Neo4j process; stop it first or set GT_DATA_DIR to another folder.");
                return;
            }
        }
        fail("START_FAILED", "Neo4j did not start: " + rootMessage(error) + " (details in " + data.resolve("logs") + ").");
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Reports the failure and exits; the shutdown hook, if registered, still closes the store. */
    private static void fail(String code, String message) {
        emit("error", Map.of("code", code, "message", message));
        System.exit(2);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing --" + name);
        }
        return value;
    }

    private static synchronized void emit(String event, Map<String, ?> fields) {
        StringBuilder line = new StringBuilder("{\"event\":\"").append(event).append('"');
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            line.append(",\"").append(field.getKey()).append("\":");
            Object value = field.getValue();
            if (value instanceof Number) {
                line.append(value);
            } else {
                line.append('"').append(escape(String.valueOf(value))).append('"');
            }
        }
        System.out.println(line.append('}'));
        System.out.flush();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
