using System.Globalization;
using System.Linq;

namespace Netra.Runtime.Generator;

/// <summary>Writes the file of one grain interface: a request class per method and the proxy that sends them.</summary>
internal static class ProxyEmitter
{
    public static string HintName(InterfaceModel model) => model.ProxyName + ".g.cs";

    public static string Emit(InterfaceModel model)
    {
        var file = new GeneratedFile()
            .Line("namespace Netra.Generated;")
            .Line();

        foreach (var method in model.Methods)
        {
            RequestEmitter.Write(file, method);
            file.Line();
        }

        file.Line($"/// <summary>The generated reference to grains of <see cref=\"{model.TypeName}\"/>.</summary>")
            .Line(GeneratedFile.EditorBrowsableNever)
            .Line(GeneratedFile.GeneratedCode)
            .Line($"internal sealed class {model.ProxyName} : global::Netra.Runtime.GrainReference, {model.TypeName}")
            .Open()
            .Line($"public {model.ProxyName}(global::Netra.Runtime.IGrainCallInvoker invoker, global::Netra.Runtime.GrainId grainId)")
            .Line($"    : base(invoker, grainId, {CodeNames.StringLiteral(model.FullName)})")
            .Open()
            .Close()
            .Line()
            .Line("/// <summary>Registers how requests of this interface's methods are read from the wire.</summary>")
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void RegisterRequests()")
            .Open();
        foreach (var method in model.Methods)
        {
            file.Line($"global::Netra.Runtime.Serialization.GrainRequestRegistry.Register({CodeNames.StringLiteral(method.MethodId)}, global::Netra.Generated.{method.RequestName}.ReadArguments);");
        }

        file.Close();

        foreach (var method in model.Methods)
        {
            file.Line();
            WriteMethod(file, method);
        }

        file.Close();
        return file.ToString();
    }

    private static void WriteMethod(GeneratedFile file, MethodModel method)
    {
        var indexes = Enumerable.Range(0, method.ParameterTypes.Count).ToArray();
        var parameters = string.Join(", ", indexes.Select(i => $"{method.ParameterTypes[i]} arg{Index(i)}"));
        file.Line($"{method.ReturnType} {method.DeclaringInterfaceType}.{CodeNames.Identifier(method.Name)}({parameters})")
            .Open()
            .Line($"var request = new global::Netra.Generated.{method.RequestName}();");

        foreach (var i in indexes)
        {
            file.Line($"request.Arg{Index(i)} = arg{Index(i)};");
        }

        var send = method.IsOneWay ? "base.InvokeOneWayAsync(request)" : "base.InvokeAsync(request)";
        file.Line(method.ReturnKind switch
        {
            ReturnKind.ValueTask => $"return new global::System.Threading.Tasks.ValueTask({send});",
            ReturnKind.ValueTaskOfT => $"return new global::System.Threading.Tasks.ValueTask<{method.ResultType}>({send});",
            _ => $"return {send};",
        });
        file.Close();
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
