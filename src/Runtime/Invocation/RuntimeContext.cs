using Netra.Runtime.Activation;

namespace Netra.Runtime.Invocation;

/// <summary>
/// The request a piece of grain code runs on behalf of. It flows with the logical call (an AsyncLocal), so
/// interleaved requests of a reentrant grain each see their own, and outgoing calls extend the right call chain.
/// </summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<Message?> s_current = new();
    private static readonly AsyncLocal<GrainId?> s_timerGrain = new();

    /// <summary>The request the running grain code serves, which an outgoing call extends; null outside grains.</summary>
    public static Message? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>The grain whose timer tick is running (a tick has no message), for logs; null otherwise.</summary>
    public static GrainId? TimerGrain
    {
        get => s_timerGrain.Value;
        set => s_timerGrain.Value = value;
    }

    /// <summary>The activation whose constructor is running, so <see cref="Grain"/>'s constructor can bind to it.</summary>
    [ThreadStatic]
    internal static ActivationData? ActivationUnderConstruction;
}
