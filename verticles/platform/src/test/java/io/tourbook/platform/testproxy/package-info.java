/** A service proxy that only tests use, to check calls across the cluster. */
@ModuleGen(name = "tourbook-test", groupPackage = "io.tourbook")
package io.tourbook.platform.testproxy;

import io.vertx.codegen.annotations.ModuleGen;
