using VictimSurvey.Web;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetVictimSurveyConnectionString();
builder.AddVictimSurveyWeb(connectionString);

var app = builder.Build();
await app.MigrateDatabaseAsync(connectionString);
app.UseVictimSurveyWeb();
await app.RunAsync();
