using Netra.Gateway;
using Netra.Gateway.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddNetraGateway();

var app = builder.Build();
app.UseNetraErrors();
app.MapHealthApi();

app.Run();

/// <summary>The gateway's entry point; public so tests can host it.</summary>
public partial class Program;
