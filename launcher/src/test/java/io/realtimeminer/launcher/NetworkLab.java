package io.realtimeminer.launcher;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of their own on this machine: Linux network namespaces, each with one interface on a
 * private /24 (10.203.N.0/24) joined by a bridge in a namespace of its own, as machines on a
 * switch. This JVM joins the switch too (one address on the same /24, nothing routed), so that
 * it can serve a site to the hosts and watch them. A host is cut off by taking its switch port
 * down, as a pulled cable: its processes keep running. Needs root and iproute2; where the machine
 * does not allow namespaces, the test that asks is skipped and says why.
 */
final class NetworkLab implements AutoCloseable {

    private static final Path IP = Path.of("/usr/sbin/ip");

    private final String prefix;
    private final int subnet;
    private final Map<String, Integer> hosts = new LinkedHashMap<>();
    private final List<String> namespaces = new ArrayList<>();
    private boolean rootLink;

    private NetworkLab(String prefix, int subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
    }

    /** The hosts, by name, each getting the next address from .1; this JVM is .254. */
    static NetworkLab create(List<String> names) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(IP)) {
            Assumptions.abort("network namespaces need root and iproute2 (" + IP + "); this machine runs the test as "
                    + System.getProperty("user.name"));
        }
        byte[] random = new byte[2];
        new SecureRandom().nextBytes(random);
        NetworkLab lab = new NetworkLab("mh" + HexFormat.of().formatHex(random).substring(0, 3), 100 + (random[0] & 0x7f) % 100);
        try {
            lab.build(names);
        } catch (LabException e) {
            lab.close();
            Assumptions.abort("this machine does not allow network namespaces and veth pairs: " + e.getMessage());
        }
        return lab;
    }

    private void build(List<String> names) throws IOException, InterruptedException {
        String sw = prefix + "sw";
        addNamespace(sw);
        ip("-n", sw, "link", "add", "br0", "type", "bridge");
        ip("-n", sw, "link", "set", "br0", "up");
        int next = 1;
        for (String name : names) {
            String ns = prefix + name;
            addNamespace(ns);
            String hostEnd = prefix + name + "h";
            String switchEnd = prefix + name + "s";
            ip("link", "add", hostEnd, "type", "veth", "peer", "name", switchEnd);
            ip("link", "set", hostEnd, "netns", ns);
            ip("link", "set", switchEnd, "netns", sw);
            ip("-n", sw, "link", "set", switchEnd, "master", "br0");
            ip("-n", sw, "link", "set", switchEnd, "up");
            ip("-n", ns, "link", "set", hostEnd, "name", "eth0");
            ip("-n", ns, "addr", "add", address(next) + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
            ip("-n", ns, "link", "set", "lo", "up");
            hosts.put(name, next++);
        }
        // This JVM's port on the switch: an address on the lab's /24 only, no route anywhere else.
        String rootEnd = prefix + "rt";
        String rootSwitchEnd = prefix + "rs";
        ip("link", "add", rootEnd, "type", "veth", "peer", "name", rootSwitchEnd);
        rootLink = true;
        ip("link", "set", rootSwitchEnd, "netns", sw);
        ip("-n", sw, "link", "set", rootSwitchEnd, "master", "br0");
        ip("-n", sw, "link", "set", rootSwitchEnd, "up");
        ip("addr", "add", address(254) + "/24", "dev", rootEnd);
        ip("link", "set", rootEnd, "up");
    }

    private void addNamespace(String ns) throws IOException, InterruptedException {
        ip("netns", "add", ns);
        namespaces.add(ns);
    }

    /** The address of host {@code name}. */
    String address(String name) {
        return address(hosts.get(name));
    }

    /** This JVM's address on the lab's network. */
    InetAddress ownAddress() throws IOException {
        return InetAddress.getByName(address(254));
    }

    private String address(int host) {
        return "10.203." + subnet + "." + host;
    }

    /** The command prefix that runs a program on host {@code name}. */
    List<String> on(String name) {
        return List.of(IP.toString(), "netns", "exec", prefix + name);
    }

    /** Takes host {@code name}'s switch port down: nothing reaches it or leaves it; its processes run on. */
    void cut(String name) throws IOException, InterruptedException {
        ip("-n", prefix + "sw", "link", "set", prefix + name + "s", "down");
    }

    /** Puts host {@code name}'s switch port back up. */
    void restore(String name) throws IOException, InterruptedException {
        ip("-n", prefix + "sw", "link", "set", prefix + name + "s", "up");
    }

    @Override
    public void close() {
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            quietly("netns", "del", namespaces.get(i));
        }
        if (rootLink) {
            quietly("link", "del", prefix + "rt");
        }
    }

    private void quietly(String... arguments) {
        try {
            ip(arguments);
        } catch (IOException | LabException e) {
            // Gone already, or never made.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ip(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(IP.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new LabException(String.join(" ", command) + ": " + output);
        }
    }

    private static final class LabException extends RuntimeException {
        LabException(String message) {
            super(message);
        }
    }
}
