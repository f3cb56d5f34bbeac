using System.Collections.Generic;
using System.Linq;

namespace Netra.Runtime.Generator;

/// <summary>A grain interface as the registration file needs it.</summary>
internal sealed record InterfaceRegistration(string FullName, string TypeName, string ProxyName);

/// <summary>
/// Writes the compilation's one registration file: [assembly: GrainAssembly] and a module initializer that registers
/// every proxy and grain class with GrainTypeRegistry.
/// </summary>
internal static class RegistrationEmitter
{
    private const string Registry = "global::Netra.Runtime.GrainTypeRegistry";

    public static string ClassName(string? assemblyName) =>
        "GrainRegistration_" + CodeNames.Sanitize(string.IsNullOrEmpty(assemblyName) ? "Assembly" : assemblyName!);

    /// <summary>The file's text, or null when the compilation has nothing to register.</summary>
    public static string? Emit(string? assemblyName, IReadOnlyList<InterfaceRegistration> interfaces, IReadOnlyList<GrainClassModel> classes)
    {
        if (interfaces.Count == 0 && classes.Count == 0)
        {
            return null;
        }

        var file = new GeneratedFile()
            .Line("[assembly: global::Netra.Runtime.GrainAssembly]")
            .Line()
            .Line("namespace Netra.Generated;")
            .Line()
            .Line("/// <summary>Registers this assembly's grain proxies and grain classes when the module loads.</summary>")
            .Line(GeneratedFile.EditorBrowsableNever)
            .Line(GeneratedFile.GeneratedCode)
            .Line($"internal static class {ClassName(assemblyName)}")
            .Open()
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void Register()")
            .Open();

        foreach (var grainInterface in interfaces.OrderBy(i => i.FullName, System.StringComparer.Ordinal))
        {
            file.Line($"{Registry}.RegisterInterface(typeof({grainInterface.TypeName}), {CodeNames.StringLiteral(grainInterface.FullName)}, static (invoker, grainId) => new global::Netra.Generated.{grainInterface.ProxyName}(invoker, grainId));");
        }

        foreach (var grainClass in classes.OrderBy(c => c.TypeName, System.StringComparer.Ordinal))
        {
            WriteClass(file, grainClass);
        }

        file.Close().Close();
        return file.ToString();
    }

    private static void WriteClass(GeneratedFile file, GrainClassModel grainClass)
    {
        var interfaces = grainClass.Interfaces.Count == 0
            ? "global::System.Type.EmptyTypes"
            : "new global::System.Type[] { " + string.Join(", ", grainClass.Interfaces.Select(i => $"typeof({i})")) + " }";
        var arguments = string.Join(", ", grainClass.ConstructorArguments);
        var maxLocal = grainClass.StatelessWorkerMaxLocal is { } workers
            ? workers.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "null";
        var collectionAge = grainClass.CollectionAgeMinutes is { } minutes
            ? $"global::System.TimeSpan.FromMinutes({CodeNames.DoubleLiteral(minutes)})"
            : "null";

        file.Line($"{Registry}.RegisterGrainClass(new global::Netra.Runtime.GrainClassMetadata(")
            .Line($"    {CodeNames.StringLiteral(grainClass.GrainType)},")
            .Line($"    typeof({grainClass.TypeName}),")
            .Line($"    {interfaces},")
            .Line($"    static (services, context) => new {grainClass.TypeName}({arguments}),")
            .Line($"    {(grainClass.IsReentrant ? "true" : "false")},")
            .Line($"    {maxLocal},")
            .Line($"    {collectionAge}));");
    }
}
