/**
 * The contracts between services: events and their registry ({@code events}), and the service-proxy
 * interfaces with the data objects that cross the event bus (one package per service, e.g. {@code
 * listing}). Vert.x codegen generates the proxies under target/.
 */
@ModuleGen(name = "tourbook-contracts", groupPackage = "io.tourbook")
package io.tourbook.contracts;

import io.vertx.codegen.annotations.ModuleGen;
