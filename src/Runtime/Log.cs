using Microsoft.Extensions.Logging;

namespace Netra.Runtime;

/// <summary>
/// The runtime's log messages, source-generated. Event ids: 1000–1099 activation and scheduling, 1100–1199 silo
/// lifecycle, 3000–3099 PostgreSQL storage.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Error, "A work item of the {Owner} scheduler threw; grain work items must handle their own failures")]
    public static partial void SchedulerWorkItemFailed(ILogger logger, Exception exception, string? owner);

    [LoggerMessage(1001, LogLevel.Warning, "Rejected a call cycle: {Path}")]
    public static partial void CallCycleRejected(ILogger logger, string path);

    [LoggerMessage(1002, LogLevel.Warning, "One-way request {Request} to {Grain} failed")]
    public static partial void OneWayRequestFailed(ILogger logger, Exception exception, string request, string grain);

    [LoggerMessage(1003, LogLevel.Debug, "Activated {GrainType}/{GrainKey}")]
    public static partial void Activated(ILogger logger, string grainType, string grainKey);

    [LoggerMessage(1004, LogLevel.Error, "Activation of {GrainType}/{GrainKey} failed; its pending calls get the exception")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, string grainType, string grainKey);

    [LoggerMessage(1005, LogLevel.Error, "OnDeactivateAsync of {GrainType}/{GrainKey} failed; the activation is gone anyway")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, string grainType, string grainKey);

    [LoggerMessage(1006, LogLevel.Debug, "Deactivated {GrainType}/{GrainKey} ({Reason})")]
    public static partial void Deactivated(ILogger logger, string grainType, string grainKey, string reason);

    [LoggerMessage(1007, LogLevel.Error, "A timer callback of {Grain} failed; the timer keeps running")]
    public static partial void TimerCallbackFailed(ILogger logger, Exception exception, string grain);

    [LoggerMessage(1100, LogLevel.Information, "Silo {Silo} started")]
    public static partial void SiloStarted(ILogger logger, string silo);

    [LoggerMessage(1101, LogLevel.Information, "Silo {Silo} stopping: deactivating {Count} activations")]
    public static partial void SiloStopping(ILogger logger, string silo, int count);

    [LoggerMessage(1102, LogLevel.Warning, "Silo {Silo} gave up waiting for activations to deactivate after {Timeout}")]
    public static partial void ShutdownTimedOut(ILogger logger, string silo, TimeSpan timeout);

    [LoggerMessage(1103, LogLevel.Warning, "Silo {Silo} was killed: {Count} activations dropped without deactivation")]
    public static partial void SiloKilled(ILogger logger, string silo, int count);
}
