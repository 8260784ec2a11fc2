package io.tourbook.embedded;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories (0700) and files (0600) that only the node's own user can read: the embedded
 * databases hold password hashes, personal data and the embedded Redis password. On a file system
 * without POSIX permissions they are created plainly.
 */
final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} and each missing parent 0700; existing ones keep their mode. */
  static void createDirectories(Path dir) throws IOException {
    if (posix(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Creates an empty {@code file} 0600, or makes an existing one 0600. */
  static void createOrRestrict(Path file) throws IOException {
    if (!posix(file)) {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      return;
    }
    try {
      Files.createFile(file, fileAttribute());
    } catch (FileAlreadyExistsException exists) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  /** Writes {@code content} to a new {@code file} created 0600. */
  static void writeNew(Path file, byte[] content) throws IOException {
    if (posix(file)) {
      Files.createFile(file, fileAttribute());
    } else {
      Files.createFile(file);
    }
    Files.write(file, content);
  }

  private static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
    return PosixFilePermissions.asFileAttribute(FILE);
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
