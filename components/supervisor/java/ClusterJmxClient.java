/*
 * The downing supervisor's JMX client (openwhisk-static-cluster). It talks to the cluster MBean that
 * Akka and Pekko register (akka:type=Cluster / pekko:type=Cluster; akka/akka
 * akka-cluster/src/main/scala/akka/cluster/ClusterJmx.scala, apache/pekko
 * cluster/src/main/scala/org/apache/pekko/cluster/ClusterJmx.scala): reads the ClusterStatus attribute
 * and invokes down(String), join(String) or leave(String). Java 8 bytecode (legacy-2017's controller JVM), no dependencies:
 * only java.management and java.management.rmi, which the controller images' JVMs carry.
 *
 * Usage: java ClusterJmxClient read   <objectName> <host:port>...
 *        java ClusterJmxClient down|join|leave <objectName> <host:port> <address>
 * The user and password are the first line that is not a comment in the file named by
 * JMX_PASSWORD_FILE, in the format of the JVM's jmxremote.password file ("<user> <password>"), never on
 * the command line. It must be the supervisor's own copy: a JVM may rewrite the password file it serves
 * (recent JDKs replace clear-text passwords in it by salted hashes).
 *
 * Output, one line per target: "OK <host:port> <base64 of the attribute text>" or "DONE <host:port>",
 * else "ERR <host:port> <kind> <message>" where kind is auth, connect, mbean or other.
 * Exit 0 when every target answered, 3 on an authentication failure, 4 when a target could not be
 * reached, 5 otherwise, 2 on bad usage. An operation is invoked only after the connection and the
 * MBean were found, so a wrong password or an unreachable port invokes nothing.
 */
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

public final class ClusterJmxClient {
  private static final long TIMEOUT_SECONDS = Long.getLong("ow.jmx.timeoutSeconds", 8L);

  static final class Failure extends Exception {
    final String kind;
    Failure(String kind, String message) {
      super(message);
      this.kind = kind;
    }
  }

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: ClusterJmxClient read <objectName> <host:port>... | down|join|leave <objectName> <host:port> <address>");
      System.exit(2);
    }
    String op = args[0];
    String[] credentials;
    ObjectName name;
    try {
      credentials = credentials();
      name = new ObjectName(args[1]);
    } catch (Exception e) {
      System.out.println("ERR - other " + oneLine(e.getMessage()));
      System.exit(2);
      return;
    }
    int exit = 0;
    if (op.equals("read")) {
      for (int i = 2; i < args.length; i++) exit = Math.max(exit, run(args[i], credentials, name, null, null));
    } else if ((op.equals("down") || op.equals("join") || op.equals("leave")) && args.length == 4) {
      exit = run(args[2], credentials, name, op, args[3]);
    } else {
      System.err.println("unknown operation " + op);
      exit = 2;
    }
    System.out.flush();
    System.exit(exit);
  }

  private static String[] credentials() throws IOException {
    String file = System.getenv("JMX_PASSWORD_FILE");
    if (file == null) throw new IOException("JMX_PASSWORD_FILE is not set");
    String first = "";
    for (String line : new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8).split("\n")) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        first = t;
        break;
      }
    }
    String[] parts = first.split("\\s+", 2);
    if (parts.length != 2) throw new IOException("JMX_PASSWORD_FILE holds no '<user> <password>' line");
    return parts;
  }

  private static int run(String target, String[] credentials, ObjectName name, String op, String address) {
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
    try {
      Future<String> result = pool.submit(() -> call(target, credentials, name, op, address));
      String line = result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      System.out.println(line);
      return 0;
    } catch (TimeoutException e) {
      System.out.println("ERR " + target + " connect no answer within " + TIMEOUT_SECONDS + " s");
      return 4;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      Failure f = cause instanceof Failure ? (Failure) cause : new Failure("other", String.valueOf(cause));
      System.out.println("ERR " + target + " " + f.kind + " " + oneLine(f.getMessage()));
      return f.kind.equals("auth") ? 3 : f.kind.equals("connect") ? 4 : 5;
    } catch (InterruptedException e) {
      System.out.println("ERR " + target + " other interrupted");
      return 5;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String call(String target, String[] credentials, ObjectName name, String op, String address) throws Failure {
    int colon = target.lastIndexOf(':');
    if (colon <= 0) throw new Failure("other", "target " + target + " is not host:port");
    JMXServiceURL url;
    try {
      url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + target + "/jmxrmi");
    } catch (IOException e) {
      throw new Failure("other", e.getMessage());
    }
    Map<String, Object> env = new HashMap<>();
    env.put(JMXConnector.CREDENTIALS, credentials);
    JMXConnector connector;
    try {
      connector = JMXConnectorFactory.connect(url, env);
    } catch (SecurityException e) {
      throw new Failure("auth", "authentication failed for user " + credentials[0] + " (wrong JMX user or password): " + e.getMessage());
    } catch (IOException e) {
      throw new Failure("connect", "cannot connect to " + target + ": " + rootMessage(e));
    }
    try {
      MBeanServerConnection mbs = connector.getMBeanServerConnection();
      if (!mbs.isRegistered(name)) throw new Failure("mbean", "no MBean " + name + " on " + target + " (not this build's cluster MBean, or akka/pekko.cluster.jmx.enabled is off)");
      if (op == null) {
        Object status = mbs.getAttribute(name, "ClusterStatus");
        return "OK " + target + " " + Base64.getEncoder().encodeToString(String.valueOf(status).getBytes(StandardCharsets.UTF_8));
      }
      mbs.invoke(name, op, new Object[] {address}, new String[] {String.class.getName()});
      return "DONE " + target;
    } catch (Failure f) {
      throw f;
    } catch (SecurityException e) {
      throw new Failure("auth", "access denied for user " + credentials[0] + ": " + e.getMessage());
    } catch (InstanceNotFoundException e) {
      throw new Failure("mbean", "no MBean " + name + " on " + target);
    } catch (IOException e) {
      throw new Failure("connect", "connection to " + target + " lost: " + rootMessage(e));
    } catch (Exception e) {
      throw new Failure("other", e.getClass().getSimpleName() + ": " + rootMessage(e));
    } finally {
      try {
        connector.close();
      } catch (IOException ignored) {
        // closing a broken connection
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
  }
}
