namespace Netra.Grains.Workloads;

/// <summary>
/// The workload store could not be reached, or kept failing, after its retries. Nothing of the failed call was
/// acknowledged: an append that throws this stored no event the caller may count as stored. The gateway answers 503
/// with the code <c>workload_store_unavailable</c>. The message names the store and the cause, never a credential.
/// </summary>
public sealed class WorkloadStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkloadStoreUnavailableException()
        : base("The workload store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkloadStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the last failure.</summary>
    public WorkloadStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
