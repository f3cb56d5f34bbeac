namespace Netra.Runtime.Invocation;

/// <summary>Which grain the code running now belongs to, for logs and diagnostics.</summary>
public static class GrainContext
{
    /// <summary>The grain whose request or timer tick is running in this logical flow; null outside grains.</summary>
    public static GrainId? Current => RuntimeContext.Current?.Target ?? RuntimeContext.TimerGrain;
}
