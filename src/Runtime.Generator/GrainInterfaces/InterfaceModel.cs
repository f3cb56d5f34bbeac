namespace Netra.Runtime.Generator;

/// <summary>What the generator found for one grain interface: its model, or the errors that keep it from having one.</summary>
/// <param name="Model">The interface's model, or null.</param>
/// <param name="Diagnostics">The errors found.</param>
/// <param name="Codecs">The codecs its methods' arguments and results need (empty when it has errors).</param>
internal sealed record InterfaceResult(InterfaceModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<CodecModel> Codecs);

/// <summary>A grain interface the generator writes a proxy and request classes for.</summary>
/// <param name="FullName">The full name without global::, e.g. "Netra.Grains.IThreadGrain".</param>
/// <param name="TypeName">The global::-qualified type name.</param>
/// <param name="ProxyName">The generated proxy's class name in Netra.Generated.</param>
/// <param name="Methods">Every method of the interface, inherited ones included.</param>
internal sealed record InterfaceModel(string FullName, string TypeName, string ProxyName, EquatableArray<MethodModel> Methods);

/// <summary>How a grain method returns.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One grain interface method.</summary>
/// <param name="Name">The method's name as declared (the request's MethodName).</param>
/// <param name="RequestName">The generated request's class name in Netra.Generated.</param>
/// <param name="DeclaringInterfaceName">The full name of the interface that declares it.</param>
/// <param name="DeclaringInterfaceType">The global::-qualified type of the interface that declares it.</param>
/// <param name="ReturnType">The global::-qualified return type.</param>
/// <param name="ReturnKind">Which of Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt; it returns.</param>
/// <param name="ResultType">T for Task&lt;T&gt; and ValueTask&lt;T&gt;, else VoidResult.</param>
/// <param name="ParameterTypes">The global::-qualified parameter types.</param>
/// <param name="TimeoutTicks">The [ResponseTimeout], in ticks.</param>
/// <param name="IsAlwaysInterleave">Whether the method has [AlwaysInterleave].</param>
/// <param name="IsOneWay">Whether the method has [OneWay].</param>
/// <param name="CancellationTokenIndex">The index of the CancellationToken parameter, or -1.</param>
/// <param name="MethodId">The stable id of the method on the wire.</param>
/// <param name="ParameterWires">How each argument is written (see <see cref="WireAccess"/>); "" for one not sent.</param>
internal sealed record MethodModel(
    string Name,
    string RequestName,
    string DeclaringInterfaceName,
    string DeclaringInterfaceType,
    string ReturnType,
    ReturnKind ReturnKind,
    string ResultType,
    EquatableArray<string> ParameterTypes,
    long? TimeoutTicks,
    bool IsAlwaysInterleave,
    bool IsOneWay,
    int CancellationTokenIndex,
    string MethodId,
    EquatableArray<string> ParameterWires);
