namespace Netra.Gateway.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, readable without a token.</summary>
public static class OpenApiExtensions
{
    /// <summary>Adds the document generator, with the bearer security scheme declared.</summary>
    public static IServiceCollection AddNetraOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
        });
}
