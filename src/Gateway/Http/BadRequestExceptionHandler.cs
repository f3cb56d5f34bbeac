using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Netra.Gateway.Http;

/// <summary>
/// Turns the request-binding failures of minimal API endpoints (a body that is not JSON or does not fit the endpoint's
/// shape, a wrong content type) into problem details with a stable code, instead of a bare 400.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The code of a body that is not valid JSON or does not match the expected shape.</summary>
    public const string InvalidJsonCode = "invalid_json";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        HttpLog.RequestRejected(logger, httpContext.Request.Method, httpContext.Request.Path.ToString(), badRequest.StatusCode, exception);
        var (code, detail) = Describe(badRequest);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "Bad request",
                Detail = detail,
                Extensions = { [ApiProblems.CodeKey] = code },
            },
        });
    }

    private static (string Code, string Detail) Describe(BadHttpRequestException exception) => exception switch
    {
        { InnerException: JsonException } => (InvalidJsonCode, "The request body is not valid JSON, or does not have the expected shape."),
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ("unsupported_media_type", "The request body must be JSON (Content-Type: application/json)."),
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => ("payload_too_large", "The request body is too large."),
        _ => ("bad_request", "The request is malformed."),
    };
}
