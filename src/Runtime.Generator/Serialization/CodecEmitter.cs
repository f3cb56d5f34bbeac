using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Netra.Runtime.Generator;

/// <summary>
/// Writes the compilation's codec file: a codec class per user type reachable from its grain interfaces, and a
/// module initializer that registers every codec the interfaces need.
/// </summary>
internal static class CodecEmitter
{
    public const string HintName = "WireCodecs.g.cs";

    private const string Writer = WireAccess.Namespace + ".WireWriter";
    private const string Reader = WireAccess.Namespace + ".WireReader";

    /// <summary>The file's text, or null when there is nothing to register.</summary>
    public static string? Emit(string? assemblyName, IReadOnlyList<CodecModel> codecs)
    {
        if (codecs.Count == 0)
        {
            return null;
        }

        var ordered = codecs.OrderBy(c => c.Key, System.StringComparer.Ordinal).ToList();
        var file = new GeneratedFile()
            .Line("namespace Netra.Generated;")
            .Line()
            .Line("/// <summary>Registers the wire codecs of the types this assembly's grain interfaces send.</summary>")
            .Line(GeneratedFile.EditorBrowsableNever)
            .Line(GeneratedFile.GeneratedCode)
            .Line($"internal static class {RegistrationEmitter.ClassName(assemblyName).Replace("GrainRegistration_", "WireCodecRegistration_")}")
            .Open()
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void Register()")
            .Open();
        foreach (var codec in ordered)
        {
            file.Line(codec.Registration);
        }

        file.Close().Close();
        foreach (var codec in ordered.Where(c => c.UserType is not null))
        {
            file.Line();
            WriteCodec(file, codec.UserType!);
        }

        return file.ToString();
    }

    private static void WriteCodec(GeneratedFile file, UserTypeModel type)
    {
        var count = type.Members.Count.ToString(CultureInfo.InvariantCulture);
        file.Line("/// <summary>Writes and reads one type's members in declaration order, after a field count.</summary>")
            .Line(GeneratedFile.EditorBrowsableNever)
            .Line(GeneratedFile.GeneratedCode)
            .Line($"internal static class {type.CodecName}")
            .Open()
            .Line($"public static void Write({Writer} writer, {type.TypeName} value)")
            .Open();
        if (type.IsReferenceType)
        {
            file.Line("if (value is null)").Open().Line("writer.WriteNull();").Line("return;").Close().Line();
        }

        file.Line($"writer.WriteObjectHeader({count});");
        foreach (var member in type.Members)
        {
            file.Line(WireAccess.Write(member.Wire, "value." + member.Name));
        }

        file.Close()
            .Line()
            .Line($"public static {type.TypeName} Read({Reader} reader)")
            .Open()
            .Line("var fields = reader.ReadObjectHeader();")
            .Line("if (fields < 0)").Open().Line("return default!;").Close()
            .Line()
            .Line($"if (fields > {count})")
            .Open()
            .Line($"throw new {WireAccess.Namespace}.WireFormatException($\"{{fields}} fields were written for {type.TypeName.Replace("global::", "")}, which has {count} here; a newer version added members this one cannot skip.\");")
            .Close()
            .Line();

        for (var i = 0; i < type.Members.Count; i++)
        {
            var member = type.Members[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            file.Line($"{member.TypeName} m{index} = fields > {index} ? {WireAccess.Read(member.Wire)} : default!;");
        }

        var arguments = type.Members
            .Select((m, i) => (m, i))
            .Where(x => x.m.ConstructorIndex >= 0)
            .OrderBy(x => x.m.ConstructorIndex)
            .Select(x => "m" + x.i.ToString(CultureInfo.InvariantCulture));
        var initializers = type.Members
            .Select((m, i) => (m, i))
            .Where(x => x.m.ConstructorIndex < 0)
            .Select(x => $"{x.m.Name} = m{x.i.ToString(CultureInfo.InvariantCulture)}")
            .ToList();
        var creation = $"new {type.TypeName}({string.Join(", ", arguments)})";
        if (initializers.Count > 0)
        {
            creation += " { " + string.Join(", ", initializers) + " }";
        }

        file.Line($"return {creation};").Close().Close();
    }
}
