package io.tourbook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Terraform validation without the terraform binary")
class TerraformValidatorTest {

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(TerraformValidatorTest.class.getResource("/fixtures/" + name).toURI());
  }

  @Test
  @DisplayName("terraform/ passes every check")
  void repositoryTerraformIsSound() {
    assertThat(TerraformValidator.validate(Repository.terraform())).isEmpty();
  }

  @Test
  @DisplayName("terraform/ and every module it calls are loaded")
  void everyModuleIsChecked() {
    TerraformModule root = TerraformModule.load(Repository.terraform());
    assertThat(root.modules().keySet())
        .containsExactlyInAnyOrder("network", "messaging", "pipes", "data", "compute");
    assertThat(root.parseErrors()).isEmpty();
    assertThat(root.locals()).containsKeys("consumer_groups", "stream_queue_names");
  }

  @Test
  @DisplayName("A queue with no dead-letter queue fails")
  void queueWithoutDeadLetterQueueFails() throws Exception {
    assertThat(TerraformValidator.validate(fixture("queue-without-dlq")))
        .containsExactly(
            ". : queue aws_sqs_queue.orders has no dead-letter queue".replace(" :", ":"));
  }

  @Test
  @DisplayName("Dangling references, unknown or missing module inputs and untyped variables fail")
  void danglingReferencesFail() throws Exception {
    List<String> problems = TerraformValidator.validate(fixture("dangling-reference"));

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "./main.tf: var.queue_size is not declared",
            "./main.tf: resource aws_sqs_queue.missing is not declared",
            "./main.tf: module.queue has no output url",
            ".: module queue sets size, which it does not declare",
            "modules/queue: variable retention has no type",
            "modules/queue/main.tf: local.retention is not declared");
  }

  @Test
  @DisplayName("Comments, literal text and escaped interpolations are not references")
  void literalTextIsNotAReference() throws Exception {
    assertThat(TerraformValidator.validate(fixture("sound"))).isEmpty();
  }

  @Test
  @DisplayName("Code text keeps interpolations and blanks literals and comments")
  void codeText() {
    String code =
        HclCode.of(
            "a = \"x-${var.p}-${f(\"q\", local.l)}\" # var.c\nb = \"$${var.e}\" // local.d\n");
    assertThat(code).contains("var.p").contains("local.l").doesNotContain("var.c");
    assertThat(code).doesNotContain("var.e").doesNotContain("local.d").doesNotContain("x-");
    assertThat(code.lines()).hasSize(2);
  }
}
