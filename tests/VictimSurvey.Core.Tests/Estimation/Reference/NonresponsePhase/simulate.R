# simulate.R
#
# Does the two-phase variance estimate what it claims? A Monte-Carlo check of the formula in
# two_phase_functions.R (not of the C# code, which make_reference.R's values check): draw many
# samples from one synthetic population (stratified simple random sampling with large sampling
# fractions in two strata), let units respond by Poisson sampling within groups, adjust for
# nonresponse by groups and rake on sex and age; compare the empirical variance of the estimates
# with the average of the one-phase and two-phase variance estimates.
#
# Usage: Rscript simulate.R [replications]   (default 10000; about 10 minutes). Output: simulation.txt.

suppressPackageStartupMessages(library(survey))
source("two_phase_functions.R")
set.seed(7)
args <- commandArgs(trailingOnly = TRUE)
B <- if (length(args) > 0) as.integer(args[1]) else 10000

# Stratum D is sampled at 1 in 2: there the finite-population correction of the two phases differs most.
strata <- data.frame(stratum = c("A", "B", "C", "D"), n = c(300, 250, 200, 150), N = c(60000, 25000, 4000, 300))
N_h <- setNames(strata$N, strata$stratum)
pop <- data.frame(stratum = rep(strata$stratum, strata$N))
M <- nrow(pop)
pop$sex <- ifelse(runif(M) < 0.52, "F", "M")
pop$age_group <- sample(c("18-39", "40-64", "65+"), M, replace = TRUE, prob = c(0.35, 0.40, 0.25))
pop$urban <- ifelse(runif(M) < 0.6, "yes", "no")
stratum_effect <- c(A = 0, B = 0.03, C = 0.08, D = -0.04)[pop$stratum]
pop$victim <- as.integer(runif(M) < c("18-39" = 0.22, "40-64" = 0.14, "65+" = 0.08)[pop$age_group] + ifelse(pop$urban == "yes", 0.06, 0) + stratum_effect)
pop$complaint <- as.integer(pop$victim == 1 & runif(M) < 0.45 + 0.2 * (pop$sex == "F"))
pop$eligible <- as.integer(runif(M) > 0.04)
pop$response_prob <- c("18-39" = 0.38, "40-64" = 0.55, "65+" = 0.68)[pop$age_group] + ifelse(pop$urban == "yes", -0.08, 0.05)
totals <- c(`(Intercept)` = M, sexM = sum(pop$sex == "M"), `age_group40-64` = sum(pop$age_group == "40-64"), `age_group65+` = sum(pop$age_group == "65+"))

one_draw <- function() {
  s <- pop[unlist(lapply(seq_len(nrow(strata)), function(h) sample(which(pop$stratum == strata$stratum[h]), strata$n[h]))), ]
  s$d <- N_h[s$stratum] / strata$n[match(s$stratum, strata$stratum)]
  s$stratum_population <- N_h[s$stratum]
  s$response <- as.integer(s$eligible == 1 & runif(nrow(s)) < s$response_prob)
  s$group <- ifelse(s$eligible == 1, paste(s$age_group, s$urban, sep = "|"), NA)
  resp <- s$response == 1
  elig <- s$eligible == 1
  p_g <- tapply(s$d[resp], s$group[resp], sum) / tapply(s$d[elig], s$group[elig], sum)
  s$p <- ifelse(elig, p_g[s$group], NA)
  r <- s[resp, ]
  r$a <- r$d / r$p
  des <- svydesign(ids = ~1, strata = ~stratum, weights = ~a, fpc = ~stratum_population, data = r)
  cal <- calibrate(des, ~ sex + age_group, population = totals, calfun = "raking", epsilon = 1e-10, maxit = 200)
  w <- weights(cal)
  X <- model.matrix(~ sex + age_group, r)
  out <- c()
  for (statistic in c("mean", "ratio")) {
    if (statistic == "mean") { W <- sum(w); est <- sum(w * r$victim) / W; z <- (r$victim - est) / W }
    else { Xh <- sum(w * r$victim); est <- sum(w * r$complaint) / Xh; z <- (r$complaint - est * r$victim) / Xh }
    x <- respondent_contributions(z, X, r$a, w)
    v1 <- stratified_variance(x, r$stratum, N_h)
    v2 <- sum(two_phase_variance(x, s, N_h))
    out <- c(out, est, v1, v2)
  }
  out
}

results <- t(replicate(B, one_draw()))
lines <- c(sprintf("%s, survey %s, %s; %d replications", R.version.string, packageVersion("survey"), format(Sys.Date()), B))
for (k in 0:1) {
  label <- c("mean of victim (victimisation rate)", "ratio complaint/victim (reporting rate)")[k + 1]
  est <- results[, 3 * k + 1]
  empirical <- var(est)
  lines <- c(lines, sprintf("%s: empirical variance %.4g; average one-phase estimate %.4g (ratio %.3f); average two-phase estimate %.4g (ratio %.3f); Monte-Carlo s.e. of the empirical variance about %.1f%%",
    label, empirical, mean(results[, 3 * k + 2]), mean(results[, 3 * k + 2]) / empirical,
    mean(results[, 3 * k + 3]), mean(results[, 3 * k + 3]) / empirical, 100 * sqrt(2 / (B - 1))))
}
writeLines(lines, "simulation.txt")
cat(lines, sep = "\n")
