using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>The errors the generator reports for grain interfaces and grain classes it cannot generate code for.</summary>
internal static class GrainDiagnostics
{
    private const string Category = "Netra.Grains";

    public static readonly DiagnosticDescriptor InvalidReturnType = Create(
        "NETRA001",
        "Grain method must return Task, Task<T>, ValueTask or ValueTask<T>",
        "Grain interface method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>");

    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        "NETRA002",
        "Grain method parameter cannot be ref, out or in",
        "Parameter '{0}' of grain interface method '{1}' is passed by '{2}'; grain method arguments are sent as values, so ref, out and in parameters are not supported");

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "NETRA003",
        "Grain method cannot be generic",
        "Grain interface method '{0}' has type parameters; grain methods cannot be generic");

    public static readonly DiagnosticDescriptor UnsupportedMember = Create(
        "NETRA004",
        "Grain interface may declare only abstract instance methods",
        "Grain interface '{0}' declares {1} '{2}'; grain interfaces may declare only abstract instance methods (properties, events, indexers, default implementations and static abstract members are not supported)");

    public static readonly DiagnosticDescriptor OneWayReturnsValue = Create(
        "NETRA005",
        "One-way grain method must return Task or ValueTask",
        "Grain interface method '{0}' is [OneWay] but returns '{1}'; a one-way method has no response, so it must return Task or ValueTask");

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = Create(
        "NETRA006",
        "ResponseTimeout value must be a TimeSpan",
        "[ResponseTimeout] on grain interface method '{0}' is '{1}', which is not a TimeSpan; write it as \"hh:mm:ss\" or \"hh:mm:ss.fff\", for example \"00:00:05\"");

    public static readonly DiagnosticDescriptor NoPublicConstructor = Create(
        "NETRA007",
        "Grain class needs a public constructor",
        "Grain class '{0}' has no public constructor; the runtime creates grains through their public constructor");

    public static readonly DiagnosticDescriptor GenericGrain = Create(
        "NETRA008",
        "Grain interface or class cannot be generic",
        "Grain {0} '{1}' is generic; grain interfaces and grain classes cannot have type parameters");

    public static readonly DiagnosticDescriptor SeveralKeyKinds = Create(
        "NETRA009",
        "Grain interface must have exactly one key kind",
        "Grain interface '{0}' derives from {1}; a grain interface derives from only one of IGrainWithStringKey, IGrainWithGuidKey and IGrainWithIntegerKey");

    public static readonly DiagnosticDescriptor InvalidPersistentState = Create(
        "NETRA010",
        "PersistentState parameter must be IPersistentState<T>",
        "Parameter '{0}' of grain class '{1}' has [PersistentState] but its type is '{2}'; a [PersistentState] parameter must be IPersistentState<T>");

    public static readonly DiagnosticDescriptor UnserializableType = Create(
        "NETRA011",
        "Grain method argument or result cannot be serialized",
        "Grain interface method '{0}' cannot send {1} of type '{2}': {3}");

    private static readonly DiagnosticDescriptor[] s_all =
    [
        InvalidReturnType, ByRefParameter, GenericMethod, UnsupportedMember, OneWayReturnsValue,
        InvalidResponseTimeout, NoPublicConstructor, GenericGrain, SeveralKeyKinds, InvalidPersistentState,
        UnserializableType,
    ];

    public static DiagnosticDescriptor ById(string id)
    {
        foreach (var descriptor in s_all)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        throw new System.ArgumentException("Unknown diagnostic id " + id, nameof(id));
    }

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
