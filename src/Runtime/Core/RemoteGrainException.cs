namespace Netra.Runtime;

/// <summary>
/// An exception thrown in another process whose type this process cannot recreate. It carries the original type's
/// name, its message and its stack trace in the remote process; <see cref="Exception.StackTrace"/> includes it too.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string remoteTypeName, string message, string? remoteStackTrace, Exception? inner = null)
        : base(message, inner)
    {
        RemoteTypeName = remoteTypeName;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception's type where it was thrown, e.g. "MyApp.QuotaExceededException".</summary>
    public string RemoteTypeName { get; }

    /// <summary>The stack trace where it was thrown, if it had one.</summary>
    public string? RemoteStackTrace { get; }

    /// <inheritdoc />
    public override string ToString() => $"{RemoteTypeName} (remote): {base.ToString()}";
}
