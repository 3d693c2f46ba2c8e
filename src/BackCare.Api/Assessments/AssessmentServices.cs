using FluentValidation;

namespace BackCare.Api.Assessments;

public static class AssessmentServices
{
    /// <summary>The request's validator, the triage meter and the batch grader.</summary>
    public static IServiceCollection AddAssessments(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<AssessmentValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<TriageMetrics>();
        services.AddSingleton<AssessmentBatches>();
        return services;
    }
}
