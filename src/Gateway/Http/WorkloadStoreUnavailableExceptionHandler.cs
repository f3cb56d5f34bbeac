using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Netra.Grains.Workloads;
using Netra.Runtime;

namespace Netra.Gateway.Http;

/// <summary>
/// Turns <see cref="WorkloadStoreUnavailableException"/> (the workload store, such as ClickHouse, could not be reached
/// after its retries) into a 503 problem with the stable code <c>workload_store_unavailable</c> and a Retry-After, from
/// an endpoint or, through a grain call, from a tool. The detail is fixed: the exception's message names the store's
/// address, which a client need not see.
/// </summary>
internal sealed class WorkloadStoreUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<WorkloadStoreUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>The problem's code.</summary>
    public const string Code = "workload_store_unavailable";

    private static readonly string s_remoteTypeName = typeof(WorkloadStoreUnavailableException).FullName!;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStoreUnavailable(exception))
        {
            return false;
        }

        HttpLog.WorkloadStoreUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path.ToString(), exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The workload store is unavailable; try again shortly. Events this request did not get acknowledged were not stored.",
                Extensions = { [ApiProblems.CodeKey] = Code },
            },
        });
    }

    private static bool IsStoreUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is WorkloadStoreUnavailableException
                || (exception is RemoteGrainException remote && remote.RemoteTypeName == s_remoteTypeName))
            {
                return true;
            }

            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsStoreUnavailable))
            {
                return true;
            }
        }

        return false;
    }
}
