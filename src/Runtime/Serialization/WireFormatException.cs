namespace Netra.Runtime.Serialization;

/// <summary>The bytes being read are not what Netra's wire format allows: truncated, corrupt, or of another shape.</summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that revealed the problem.</summary>
    public WireFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    internal static WireFormatException Truncated(string what) => new($"The frame ends in the middle of {what}.");

    internal static WireFormatException OutOfRange(object value, string type) => new($"Value {value} does not fit {type}.");
}
