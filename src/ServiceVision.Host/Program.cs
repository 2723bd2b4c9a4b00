using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Host.Infrastructure;
using ServiceVision.Messaging;
using ServiceVision.Organizations;
using ServiceVision.Partners;
using ServiceVision.Recognition;
using ServiceVision.ServiceDefaults;
using ServiceVision.Surveys;
using ServiceVision.Training;
using ServiceVision.Web;

var builder = WebApplication.CreateBuilder(args);
var roles = PlatformRoles.From(builder.Configuration);

builder.AddServiceDefaults();
builder.AddGrainStorage();
builder.AddMessaging(bus =>
{
    if (roles.Organizations)
    {
        bus.AddOrganizationsConsumers();
    }

    if (roles.Training)
    {
        bus.AddTrainingConsumers();
    }

    if (roles.Surveys)
    {
        bus.AddSurveysConsumers();
    }

    if (roles.Recognition)
    {
        bus.AddRecognitionConsumers();
    }

    if (roles.Partners)
    {
        bus.AddPartnersConsumers();
    }
});
builder.Services.AddGrainRuntime();
builder.Services.AddApiConventions();
builder.Services.AddOpenApi();
builder.Services.AddOrganizations();
if (roles.Training)
{
    builder.Services.AddTraining();
}

if (roles.Surveys)
{
    builder.Services.AddSurveys();
}

if (roles.Recognition)
{
    builder.Services.AddRecognition();
}

if (roles.Partners)
{
    builder.Services.AddPartners();
}

builder.Services.AddWebApp();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiConventions();
app.MapDefaultEndpoints();
app.MapOpenApi();
if (roles.Organizations)
{
    app.MapOrganizationsApi();
}

if (roles.Training)
{
    app.MapTrainingApi();
}

if (roles.Surveys)
{
    app.MapSurveysApi();
}

if (roles.Recognition)
{
    app.MapRecognitionApi();
}

if (roles.Partners)
{
    app.MapPartnersApi();
}

app.MapWebApp();

app.MapGet("/", () => TypedResults.Ok(new { name = "ServiceVision", api = "/openapi/v1.json", health = "/health/ready" })).ExcludeFromDescription();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
