using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Assessments;

public static class AssessmentServices
{
    /// <summary>The request's validator, the triage meter, the batch grader and the answer's writer.</summary>
    public static IServiceCollection AddAssessments(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<AssessmentValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<TriageMetrics>();
        services.AddSingleton<AssessmentGrader>();
        services.AddSingleton(s => new AssessmentJson(s.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions));
        return services;
    }
}
