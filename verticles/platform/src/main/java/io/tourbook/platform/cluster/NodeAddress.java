package io.tourbook.platform.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/**
 * The address a clustered node binds Hazelcast and the event bus to. {@code cluster.host} names it;
 * left empty, the node takes its first private (site-local) IPv4 address: the task's address on ECS
 * (awsvpc) or the container's on a Docker network, which no config file can know in advance.
 */
final class NodeAddress {

  private NodeAddress() {}

  static String resolve(String configuredHost) {
    if (configuredHost != null && !configuredHost.isBlank()) {
      return configuredHost.strip();
    }
    try {
      return firstSiteLocal(interfaceAddresses());
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list the network interfaces", e);
    }
  }

  /**
   * @throws IllegalStateException when there is none: set {@code cluster.host} then
   */
  static String firstSiteLocal(List<InetAddress> addresses) {
    return addresses.stream()
        .filter(address -> address instanceof Inet4Address)
        .filter(InetAddress::isSiteLocalAddress)
        .map(InetAddress::getHostAddress)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cluster.host is empty and this machine has no private IPv4 address;"
                        + " set CLUSTER_HOST"));
  }

  private static List<InetAddress> interfaceAddresses() throws SocketException {
    return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .filter(NodeAddress::isUp)
        .flatMap(networkInterface -> Collections.list(networkInterface.getInetAddresses()).stream())
        .toList();
  }

  private static boolean isUp(NetworkInterface networkInterface) {
    try {
      return networkInterface.isUp() && !networkInterface.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
