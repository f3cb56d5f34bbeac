using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>
/// How generated code writes and reads one value. A wire descriptor is "=Name" for a value WireWriter writes
/// directly (WriteInt32, WriteString, ...), "" for a value that is not sent (a cancellation token), or the
/// global::-qualified type whose WireCodec is used.
/// </summary>
internal static class WireAccess
{
    public const string Namespace = "global::Netra.Runtime.Serialization";

    public static string Descriptor(ITypeSymbol type)
    {
        if (WellKnownTypes.DirectName(type) is { } name)
        {
            return "=" + name;
        }

        return CodecTypeName(type);
    }

    /// <summary>The type as a WireCodec type argument: without a top-level nullable reference annotation.</summary>
    public static string CodecTypeName(ITypeSymbol type) =>
        type.IsReferenceType ? CodeNames.NonNullableTypeName(type) : CodeNames.TypeName(type);

    // Values may be null whatever their annotation says (the wire distinguishes null), hence the '!'s.
    public static string Write(string descriptor, string value) =>
        descriptor.StartsWith("=", System.StringComparison.Ordinal)
            ? $"writer.Write{descriptor.Substring(1)}({value}!);"
            : $"{Namespace}.WireCodec<{descriptor}>.Write(writer, {value}!);";

    public static string Read(string descriptor) =>
        descriptor.StartsWith("=", System.StringComparison.Ordinal)
            ? $"reader.Read{descriptor.Substring(1)}()!"
            : $"{Namespace}.WireCodec<{descriptor}>.Read(reader)!";
}
