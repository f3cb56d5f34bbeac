using Microsoft.Extensions.Hosting;
using Netra.Grains.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddNetraGrains();

await builder.Build().RunAsync();
