// A single-node search server for Kohtaamo's tests and CI, run by scripts/elasticsearch.sh as
//   java -cp <classpath of pom.xml> SearchNode.java <http port> <home dir> <data dir>
// OpenSearch 2.19 in this JVM with only the two modules the project needs: the Netty HTTP/transport
// layer and analysis-common (the language analysers: finnish, swedish, english and their stemmers).
// Loopback only, no security plugin, no Java security manager (a throwaway node for tests, never for
// real data). It runs until the process gets SIGTERM, then closes the node cleanly.

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

public class SearchNode {

    /** Node's constructor that takes plugins from the classpath is protected: open it here. */
    static final class ClasspathPluginsNode extends Node {
        ClasspathPluginsNode(Environment environment) {
            super(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SearchNode <http port> <home dir> <data dir>");
            System.exit(2);
        }
        int httpPort = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        Path data = Path.of(args[2]).toAbsolutePath();

        Settings settings = Settings.builder()
            .put("cluster.name", "kohtaamo-test")
            .put("node.name", "kohtaamo-search-node")
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", (httpPort + 100) + "-" + (httpPort + 199))
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("discovery.type", "single-node")
            // Tests create and drop indices freely; a nearly full temp disk must not block them.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("kohtaamo-search-node");
        LogConfigurator.configureWithoutConfig(settings);

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, java.util.Map.of(), home.resolve("config"), () -> "kohtaamo-search-node");
        Node node = new ClasspathPluginsNode(environment);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception error) {
                error.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "search-node-shutdown"));

        node.start();
        System.out.println("search node listening on http://127.0.0.1:" + httpPort);
        stopped.await();
    }
}
