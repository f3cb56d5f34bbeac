using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Netra.Gateway.Web;

/// <summary>
/// The web chat page: the static files of <c>wwwroot/</c> (plain JavaScript modules and CSS, no build step), served at
/// <c>/</c> to anyone. The page signs in and calls <c>/api</c> and <c>/ws</c>, which stay protected.
/// </summary>
public static class WebPageExtensions
{
    /// <summary>What the page may load and connect to: only this origin, its socket, and nothing inline.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// Serves <c>index.html</c> at <c>/</c> and the page's assets. Call it before authentication, so the page itself is
    /// public. The files come from the web root (the project's <c>wwwroot</c> under <c>dotnet run</c>, or the published
    /// one), else from <c>wwwroot</c> beside the gateway's assembly, where the build copies it.
    /// </summary>
    public static WebApplication UseNetraWebPage(this WebApplication app)
    {
        var files = FindFiles(app.Environment);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                // Revalidate every time (the ETag makes that cheap), so a new gateway's page is never mixed with an old one's modules.
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers["Referrer-Policy"] = "no-referrer";
                }
            },
        });
        return app;
    }

    private static IFileProvider FindFiles(IWebHostEnvironment environment)
    {
        if (environment.WebRootFileProvider.GetFileInfo("index.html").Exists)
        {
            return environment.WebRootFileProvider;
        }

        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(besideAssembly) ? new PhysicalFileProvider(besideAssembly) : environment.WebRootFileProvider;
    }
}
