package dev.gort.internal.prof;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * google/pprof's {@code profile.proto}, declared in code as a protobuf-java descriptor (no
 * generated classes), and a parser for gzipped profiles built on it: the independent reader the
 * tests check gort's encoder against.
 */
final class ProfileProto {
    private ProfileProto() {}

    static final Descriptors.Descriptor PROFILE;

    static {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("profile.proto").setPackage("perftools.profiles").setSyntax("proto3")
                .addMessageType(message("Profile",
                        rep("sample_type", 1, ".perftools.profiles.ValueType"), rep("sample", 2, ".perftools.profiles.Sample"),
                        rep("mapping", 3, ".perftools.profiles.Mapping"), rep("location", 4, ".perftools.profiles.Location"),
                        rep("function", 5, ".perftools.profiles.Function"), repScalar("string_table", 6, Type.TYPE_STRING),
                        scalar("drop_frames", 7, Type.TYPE_INT64), scalar("keep_frames", 8, Type.TYPE_INT64),
                        scalar("time_nanos", 9, Type.TYPE_INT64), scalar("duration_nanos", 10, Type.TYPE_INT64),
                        msg("period_type", 11, ".perftools.profiles.ValueType"), scalar("period", 12, Type.TYPE_INT64),
                        repScalar("comment", 13, Type.TYPE_INT64), scalar("default_sample_type", 14, Type.TYPE_INT64)))
                .addMessageType(message("ValueType", scalar("type", 1, Type.TYPE_INT64), scalar("unit", 2, Type.TYPE_INT64)))
                .addMessageType(message("Sample", repScalar("location_id", 1, Type.TYPE_UINT64), repScalar("value", 2, Type.TYPE_INT64),
                        rep("label", 3, ".perftools.profiles.Label")))
                .addMessageType(message("Label", scalar("key", 1, Type.TYPE_INT64), scalar("str", 2, Type.TYPE_INT64),
                        scalar("num", 3, Type.TYPE_INT64), scalar("num_unit", 4, Type.TYPE_INT64)))
                .addMessageType(message("Mapping", scalar("id", 1, Type.TYPE_UINT64), scalar("memory_start", 2, Type.TYPE_UINT64),
                        scalar("memory_limit", 3, Type.TYPE_UINT64), scalar("file_offset", 4, Type.TYPE_UINT64),
                        scalar("filename", 5, Type.TYPE_INT64), scalar("build_id", 6, Type.TYPE_INT64),
                        scalar("has_functions", 7, Type.TYPE_BOOL), scalar("has_filenames", 8, Type.TYPE_BOOL),
                        scalar("has_line_numbers", 9, Type.TYPE_BOOL), scalar("has_inline_frames", 10, Type.TYPE_BOOL)))
                .addMessageType(message("Location", scalar("id", 1, Type.TYPE_UINT64), scalar("mapping_id", 2, Type.TYPE_UINT64),
                        scalar("address", 3, Type.TYPE_UINT64), rep("line", 4, ".perftools.profiles.Line"),
                        scalar("is_folded", 5, Type.TYPE_BOOL)))
                .addMessageType(message("Line", scalar("function_id", 1, Type.TYPE_UINT64), scalar("line", 2, Type.TYPE_INT64)))
                .addMessageType(message("Function", scalar("id", 1, Type.TYPE_UINT64), scalar("name", 2, Type.TYPE_INT64),
                        scalar("system_name", 3, Type.TYPE_INT64), scalar("filename", 4, Type.TYPE_INT64),
                        scalar("start_line", 5, Type.TYPE_INT64)))
                .build();
        try {
            PROFILE = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]).findMessageTypeByName("Profile");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
        return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
    }

    private static FieldDescriptorProto scalar(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto repScalar(String name, int number, Type type) {
        return scalar(name, number, type).toBuilder().setLabel(Label.LABEL_REPEATED).build();
    }

    private static FieldDescriptorProto msg(String name, int number, String type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_MESSAGE).setTypeName(type)
                .setLabel(Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto rep(String name, int number, String type) {
        return msg(name, number, type).toBuilder().setLabel(Label.LABEL_REPEATED).build();
    }

    /** Parses a gzipped profile. */
    static DynamicMessage parse(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return DynamicMessage.parseFrom(PROFILE, in.readAllBytes());
        }
    }

    /** A field of a message by name. */
    static Object get(DynamicMessage m, String field) {
        return m.getField(m.getDescriptorForType().findFieldByName(field));
    }

    @SuppressWarnings("unchecked")
    static List<DynamicMessage> list(DynamicMessage m, String field) {
        return (List<DynamicMessage>) get(m, field);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(DynamicMessage m) {
        return (List<String>) get(m, "string_table");
    }

    /** The string a string-table index field refers to. */
    static String str(DynamicMessage profile, DynamicMessage m, String field) {
        return strings(profile).get((int) (long) (Long) get(m, field));
    }
}
