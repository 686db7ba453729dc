package io.raftkv.chaos.rig;

/**
 * A JVM that builds a lab, starts a process in it, prints the lab id and then waits to be killed:
 * the self-test kills it with SIGKILL to prove a later run removes what it left behind.
 */
public final class LabHolder {

  private LabHolder() {}

  public static void main(String[] args) throws Exception {
    NetLab lab = NetLab.create(2);
    LabHost h = lab.hosts().get(0);
    LabProcess.start(h, java.util.List.of("sleep", "600"), java.nio.file.Path.of(args[0]));
    System.out.println("LAB " + lab.labId());
    System.out.flush();
    new java.util.concurrent.CountDownLatch(1).await(10, java.util.concurrent.TimeUnit.MINUTES);
  }
}
