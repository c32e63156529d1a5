package io.xpmsync.infra.testing;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ACLs a part's Strimzi {@code KafkaUser} in {@code deploy/base/kafka-users.yaml} grants, as Kafka ACL bindings:
 * tests give a SCRAM user of {@link io.xpmsync.infra.LocalKafka#startTemporaryWithScram()} exactly these, so a part
 * that needs a topic or group its KafkaUser does not allow fails there as it would in the cluster.
 */
public final class KafkaUserAcls {

    private static final Pattern ACL = Pattern.compile("- resource: \\{type: (topic|group), name: ([^,}]+),"
            + " patternType: (literal|prefix)}\\s*\\n\\s*operations: \\[([^]]+)]");

    private KafkaUserAcls() {
    }

    /** The ACLs of the KafkaUser named {@code user} in the project's deploy/base/kafka-users.yaml. */
    public static List<AclBinding> of(String user) {
        Path file = projectRoot().resolve("deploy/base/kafka-users.yaml");
        try {
            return of(Files.readString(file), user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<AclBinding> of(String yaml, String user) {
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.contains("kind: KafkaUser") || !Pattern.compile("(?m)^  name: " + Pattern.quote(user) + "$")
                    .matcher(document).find()) {
                continue;
            }
            List<AclBinding> acls = new ArrayList<>();
            Matcher acl = ACL.matcher(document);
            while (acl.find()) {
                ResourcePattern resource = new ResourcePattern("topic".equals(acl.group(1)) ? ResourceType.TOPIC
                        : ResourceType.GROUP, acl.group(2).strip(), "prefix".equals(acl.group(3)) ? PatternType.PREFIXED
                        : PatternType.LITERAL);
                for (String operation : acl.group(4).split(",")) {
                    acls.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*",
                            AclOperation.fromString(operation.strip().toUpperCase(Locale.ROOT)),
                            AclPermissionType.ALLOW)));
                }
            }
            return acls;
        }
        throw new IllegalArgumentException("deploy/base/kafka-users.yaml has no KafkaUser " + user);
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/base/kafka-users.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the xpm-sync project: no deploy/base/kafka-users.yaml above "
                + Path.of("").toAbsolutePath());
    }
}
