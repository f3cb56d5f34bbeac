using System.Globalization;
using System.Linq;

namespace Netra.Runtime.Generator;

/// <summary>Writes the request class of one grain method: its arguments, its call options and how it calls the grain.</summary>
internal static class RequestEmitter
{
    private const string ValueTaskType = "global::System.Threading.Tasks.ValueTask";

    public static void Write(GeneratedFile file, MethodModel method)
    {
        file.Line(GeneratedFile.EditorBrowsableNever)
            .Line(GeneratedFile.GeneratedCode)
            .Line($"internal sealed class {method.RequestName} : global::Netra.Runtime.GrainRequest<{method.ResultType}>")
            .Open();

        for (var i = 0; i < method.ParameterTypes.Count; i++)
        {
            file.Line($"public {method.ParameterTypes[i]} Arg{i} = default!;");
        }

        if (method.ParameterTypes.Count > 0)
        {
            file.Line();
        }

        file.Line($"public override string InterfaceName => {CodeNames.StringLiteral(method.DeclaringInterfaceName)};")
            .Line($"public override string MethodName => {CodeNames.StringLiteral(method.Name)};")
            .Line($"public override string MethodId => {CodeNames.StringLiteral(method.MethodId)};");

        if (method.TimeoutTicks is { } ticks)
        {
            var literal = ticks.ToString(CultureInfo.InvariantCulture) + "L";
            file.Line($"public override global::System.TimeSpan? ResponseTimeout => global::System.TimeSpan.FromTicks({literal});");
        }

        if (method.IsAlwaysInterleave)
        {
            file.Line("public override bool IsAlwaysInterleave => true;");
        }

        if (method.IsOneWay)
        {
            file.Line("public override bool IsOneWay => true;");
        }

        if (method.CancellationTokenIndex >= 0)
        {
            var field = "Arg" + method.CancellationTokenIndex.ToString(CultureInfo.InvariantCulture);
            file.Line("public override bool HasCancellationToken => true;")
                .Line($"public override global::System.Threading.CancellationToken CancellationToken {{ get => {field}; set => {field} = value; }}");
        }

        file.Line();
        WriteInvoke(file, method);
        file.Line();
        WriteSerialization(file, method);
        file.Close();
    }

    /// <summary>Writes the arguments in order (a cancellation token is not sent), and reads them into a new request.</summary>
    private static void WriteSerialization(GeneratedFile file, MethodModel method)
    {
        file.Line($"public override void WriteArguments({WireAccess.Namespace}.WireWriter writer)").Open();
        for (var i = 0; i < method.ParameterWires.Count; i++)
        {
            if (method.ParameterWires[i].Length > 0)
            {
                file.Line(WireAccess.Write(method.ParameterWires[i], "Arg" + i.ToString(CultureInfo.InvariantCulture)));
            }
        }

        file.Close()
            .Line()
            .Line($"public static global::Netra.Runtime.GrainRequest ReadArguments({WireAccess.Namespace}.WireReader reader)")
            .Open()
            .Line($"var request = new global::Netra.Generated.{method.RequestName}();");
        for (var i = 0; i < method.ParameterWires.Count; i++)
        {
            if (method.ParameterWires[i].Length > 0)
            {
                file.Line($"request.Arg{i.ToString(CultureInfo.InvariantCulture)} = {WireAccess.Read(method.ParameterWires[i])};");
            }
        }

        file.Line("return request;").Close();
    }

    private static void WriteInvoke(GeneratedFile file, MethodModel method)
    {
        var arguments = string.Join(", ", Enumerable.Range(0, method.ParameterTypes.Count).Select(i => "Arg" + i.ToString(CultureInfo.InvariantCulture)));
        var call = $"(({method.DeclaringInterfaceType})grain).{CodeNames.Identifier(method.Name)}({arguments})";
        var resultTask = $"{ValueTaskType}<{method.ResultType}>";
        switch (method.ReturnKind)
        {
            case ReturnKind.TaskOfT:
                file.Line($"public override {resultTask} InvokeAsync(object grain) => new {resultTask}({call});");
                break;
            case ReturnKind.ValueTaskOfT:
                file.Line($"public override {resultTask} InvokeAsync(object grain) => {call};");
                break;
            default:
                // Task and ValueTask: await the call so the grain's exception, if any, faults the response.
                file.Line($"public override async {resultTask} InvokeAsync(object grain)")
                    .Open()
                    .Line($"await {call};")
                    .Line("return default;")
                    .Close();
                break;
        }
    }
}
