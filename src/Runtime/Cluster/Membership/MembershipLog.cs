using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>Source-generated log messages of cluster membership. Event ids 4000–4099.</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(4000, LogLevel.Information, "Silo {Silo} ({SiloName}) joined cluster {ClusterId} as Active")]
    public static partial void Joined(ILogger logger, string silo, string siloName, string clusterId);

    [LoggerMessage(4001, LogLevel.Warning, "Declared {Stale} Dead: silo {Silo} now owns its address and port")]
    public static partial void StaleRowDeclaredDead(ILogger logger, string stale, string silo);

    [LoggerMessage(4002, LogLevel.Debug, "{Operation} of silo {Silo} lost a compare-and-swap (attempt {Attempt}); retrying on a fresh snapshot")]
    public static partial void WriteConflict(ILogger logger, string operation, string silo, int attempt);

    [LoggerMessage(4003, LogLevel.Warning, "{Operation} of silo {Silo} gave up after {Attempts} compare-and-swap conflicts")]
    public static partial void WriteGaveUp(ILogger logger, string operation, string silo, int attempts);

    [LoggerMessage(4004, LogLevel.Information, "Silo {Silo} is now {Status}")]
    public static partial void StatusChanged(ILogger logger, string silo, SiloStatus status);

    [LoggerMessage(4005, LogLevel.Debug, "Silo {Silo} missed probe of {Target} ({Missed} in a row)")]
    public static partial void ProbeMissed(ILogger logger, string silo, string target, int missed);

    [LoggerMessage(4006, LogLevel.Warning, "Silo {Silo} suspects {Target}: {Votes} of {Needed} fresh votes")]
    public static partial void Suspected(ILogger logger, string silo, string target, int votes, int needed);

    [LoggerMessage(4007, LogLevel.Warning, "Silo {Silo} declared {Target} Dead with {Votes} fresh votes")]
    public static partial void DeclaredTargetDead(ILogger logger, string silo, string target, int votes);

    [LoggerMessage(4008, LogLevel.Critical, "Silo {Silo} found its own membership row Dead or gone; it must stop")]
    public static partial void DeclaredSelfDead(ILogger logger, string silo);

    [LoggerMessage(4009, LogLevel.Warning, "Membership {Action} of silo {Silo} failed; it is retried on the next period")]
    public static partial void PeriodicActionFailed(ILogger logger, Exception exception, string action, string silo);

    [LoggerMessage(4010, LogLevel.Information, "Silo {Silo} deleted {Count} defunct membership rows")]
    public static partial void CleanedUp(ILogger logger, string silo, int count);

    [LoggerMessage(4011, LogLevel.Error, "A {Event} handler of silo {Silo} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @event, string silo);

    [LoggerMessage(4012, LogLevel.Debug, "Silo {Silo} sees membership version {Version}: {ActiveCount} active silos")]
    public static partial void SnapshotChanged(ILogger logger, string silo, long version, int activeCount);

    [LoggerMessage(4013, LogLevel.Debug, "Probe of {Target} by silo {Silo} threw")]
    public static partial void ProbeThrew(ILogger logger, Exception exception, string silo, string target);

    [LoggerMessage(4014, LogLevel.Debug, "Insert of membership row {Silo} rejected by constraint {Constraint}")]
    public static partial void InsertRejected(ILogger logger, string silo, string? constraint);

    [LoggerMessage(4015, LogLevel.Error, "A membership step of silo {Silo} threw; the loop carries on")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string silo);
}
