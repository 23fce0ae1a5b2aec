/*
 * A stand-in for a controller JVM's cluster MBean, for the supervisor's tests. It is NOT Akka or Pekko:
 * it registers, under the build's ObjectName (akka:type=Cluster or pekko:type=Cluster), an MBean with
 * the attributes and operations that ClusterJmx.scala declares (akka/akka
 * akka-cluster/src/main/scala/akka/cluster/ClusterJmx.scala at v2.5.31 and v2.6.12; apache/pekko
 * cluster/src/main/scala/org/apache/pekko/cluster/ClusterJmx.scala): attributes MemberStatus, Members,
 * Unreachable, ClusterStatus, Leader, Singleton, Available; operations join, leave, down taking an
 * address string. ClusterStatus has that file's JSON shape: members (address, roles, status, and
 * app-version from Akka 2.6 on), self-address, unreachable (node, observed-by). Its cluster state is a
 * text file the test writes; each operation is appended to <state>.ops and applied as the test needs
 * it (down marks the member Down; join of its own address with no members makes it the only Up member).
 *
 * Usage: java -D<JMX remote flags> StandInCluster <objectName> <stateFile> <flavor>
 */
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import javax.management.StandardMBean;

public final class StandInCluster {
  public interface ClusterNode {
    String getMemberStatus();
    String getMembers();
    String getUnreachable();
    String getClusterStatus();
    String getLeader();
    boolean isSingleton();
    boolean isAvailable();
    void join(String address);
    void leave(String address);
    void down(String address);
  }

  static final class State {
    String self = "";
    final List<String[]> members = new ArrayList<>(); // address, status
    final List<String[]> unreachable = new ArrayList<>(); // node, observer
  }

  private final Path file;
  private final boolean appVersion;

  StandInCluster(Path file, boolean appVersion) {
    this.file = file;
    this.appVersion = appVersion;
  }

  synchronized State load() {
    State s = new State();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] w = line.trim().split("\\s+");
        if (w.length >= 2 && w[0].equals("self")) s.self = w[1];
        if (w.length >= 3 && w[0].equals("member")) s.members.add(new String[] {w[1], w[2]});
        if (w.length >= 3 && w[0].equals("unreachable")) s.unreachable.add(new String[] {w[1], w[2]});
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  synchronized void save(State s) {
    StringBuilder b = new StringBuilder("self " + s.self + "\n");
    for (String[] m : s.members) b.append("member ").append(m[0]).append(' ').append(m[1]).append('\n');
    for (String[] u : s.unreachable) b.append("unreachable ").append(u[0]).append(' ').append(u[1]).append('\n');
    try {
      Files.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized void record(String op, String address) {
    try {
      Files.write(Paths.get(file + ".ops"), (op + " " + address + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  ClusterNode mbean() {
    return new ClusterNode() {
      public String getMemberStatus() {
        State s = load();
        for (String[] m : s.members) if (m[0].equals(s.self)) return m[1];
        return "Removed";
      }
      public String getMembers() {
        List<String> out = new ArrayList<>();
        for (String[] m : load().members) out.add(m[0]);
        return String.join(",", out);
      }
      public String getUnreachable() {
        List<String> out = new ArrayList<>();
        for (String[] u : load().unreachable) if (!out.contains(u[0])) out.add(u[0]);
        return String.join(",", out);
      }
      public String getClusterStatus() {
        State s = load();
        List<String> members = new ArrayList<>();
        for (String[] m : s.members) {
          members.add("{\n      \"address\": " + quoted(m[0]) + ",\n      \"roles\": [\n        \"dc-default\"\n      ],\n      \"status\": " + quoted(m[1])
              + (appVersion ? ",\n      \"app-version\": \"0.0.0\"" : "") + "\n    }");
        }
        List<String> nodes = new ArrayList<>();
        for (String[] u : s.unreachable) {
          String entry = "{\n      \"node\": " + quoted(u[0]) + ",\n      \"observed-by\": [\n        " + quoted(u[1]) + "\n      ]\n    }";
          nodes.add(entry);
        }
        return "{\n  \"members\": [" + (members.isEmpty() ? "" : "\n    " + String.join(",\n    ", members) + "\n  ") + "],\n  \"self-address\": " + quoted(s.self)
            + ",\n  \"unreachable\": [" + (nodes.isEmpty() ? "" : "\n    " + String.join(",\n    ", nodes) + "\n  ") + "]\n}\n";
      }
      public String getLeader() {
        State s = load();
        return s.members.isEmpty() ? "" : s.members.get(0)[0];
      }
      public boolean isSingleton() {
        return load().members.size() == 1;
      }
      public boolean isAvailable() {
        return getMemberStatus().equals("Up");
      }
      public void join(String address) {
        record("join", address);
        State s = load();
        if (address.equals(s.self) && s.members.isEmpty()) {
          s.members.add(new String[] {s.self, "Up"});
          save(s);
        }
      }
      public void leave(String address) {
        record("leave", address);
      }
      public void down(String address) {
        record("down", address);
        State s = load();
        for (String[] m : s.members) if (m[0].equals(address)) m[1] = "Down";
        save(s);
      }
    };
  }

  public static void main(String[] args) throws Exception {
    ObjectName name = new ObjectName(args[0]);
    StandInCluster standIn = new StandInCluster(Paths.get(args[1]), !args[2].equals("akka-2.5") && !args[2].equals("legacy-2017"));
    ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(standIn.mbean(), ClusterNode.class), name);
    System.out.println("READY " + name);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
