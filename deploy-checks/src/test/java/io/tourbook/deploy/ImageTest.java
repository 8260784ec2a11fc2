package io.tourbook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The image runs the production jar: the Dockerfile builds the app with {@code -Dproduction}, and
 * that profile keeps the development servers of {@code verticles/embedded} out of the jar and fails
 * the build if one would get in.
 */
@DisplayName("The Dockerfile's jar has no development servers")
class ImageTest {

  private static final Pattern MAVEN_BUILD = Pattern.compile("\\./mvnw ([^\\n\\\\]*)");
  private static final List<String> SERVER_GROUPS =
      List.of(
          "io.tourbook:embedded",
          "de.bwaldvogel:*",
          "com.github.codemonstur:embedded-redis",
          "org.elasticmq:*",
          "com.icegreen:*");

  @Test
  @DisplayName("the Dockerfile builds the app with -Dproduction and runs that jar")
  void dockerfileBuildsTheProductionJar() throws Exception {
    String dockerfile = Files.readString(Repository.root().resolve("Dockerfile"));
    Matcher build = MAVEN_BUILD.matcher(dockerfile);
    List<String> builds = new ArrayList<>();
    while (build.find()) {
      builds.add(build.group(1));
    }
    assertThat(builds).hasSize(1);
    assertThat(builds.get(0).split("\\s+"))
        .contains("-pl", "verticles/app", "package", "-Dproduction");
    assertThat(dockerfile).contains("/src/verticles/app/target/tourbook.jar /app/tourbook.jar");
  }

  @Test
  @DisplayName(
      "the production profile leaves the embedded module provided, launches Main and bans every server from the jar")
  void productionProfileBansTheServers() throws Exception {
    Element profile = productionProfile();
    assertThat(text(child(child(child(profile, "activation"), "property"), "name")))
        .isEqualTo("production");
    assertThat(text(child(child(profile, "properties"), "launcher.main-class")))
        .isEqualTo("io.tourbook.app.Main");
    Element embedded = child(child(profile, "dependencies"), "dependency");
    assertThat(text(child(embedded, "artifactId"))).isEqualTo("embedded");
    assertThat(text(child(embedded, "scope"))).isEqualTo("provided");
    List<String> banned = new ArrayList<>();
    NodeList excludes = profile.getElementsByTagName("exclude");
    for (int i = 0; i < excludes.getLength(); i++) {
      banned.add(excludes.item(i).getTextContent().strip());
    }
    for (String group : SERVER_GROUPS) {
      String coordinates = group + ":*:*";
      assertThat(banned).contains(coordinates + ":compile", coordinates + ":runtime");
    }
  }

  private static Element productionProfile() throws Exception {
    Path pom = Repository.root().resolve("verticles/app/pom.xml");
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList profiles = document.getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if ("production".equals(text(child(profile, "id")))) {
        return profile;
      }
    }
    throw new AssertionError("verticles/app/pom.xml has no production profile");
  }

  private static Element child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
  }

  private static String text(Element element) {
    return element.getTextContent().strip();
  }
}
