# make_reference.R
#
# Reference values for the variance with nonresponse as a second phase (Poisson within
# response-homogeneity groups), for the C# estimation engine. R is NOT part of the product or of CI:
# the CSV files are committed; this script documents how they were made.
#
# Usage (from this folder):  Rscript make_reference.R
# Dependencies: base R and the 'survey' package. Deterministic (set.seed).
#
# What is independent of the C# side: R's survey package computes the nonresponse adjustment's
# input design, the raking calibration, the one-phase standard errors (svymean/svyratio/svytotal on
# the calibrated respondents) and the sampling-phase variance (svytotal on the whole-sample design);
# two_phase_functions.R writes the rest of the formula out by hand.

suppressPackageStartupMessages(library(survey))
source("two_phase_functions.R")
set.seed(20261128)
options(stringsAsFactors = FALSE, warn = 1)

fmt <- function(x) { if (any(!is.finite(x))) stop("non-finite value"); sprintf("%.17g", x) }
write_plain_csv <- function(df, file) {
  m <- as.matrix(df)
  if (any(grepl("[,\"\r\n]", m))) stop("value needing quotes in ", file)
  lines <- c(paste(names(df), collapse = ","), do.call(paste, c(unname(as.list(df)), sep = ",")))
  con <- file(file, open = "wb"); writeLines(lines, con, sep = "\n"); close(con)
}

# ---------------------------------------------------------------------------------------------
# The sample: 4 strata (two with a sizeable sampling fraction), every sampled unit with its frame
# variables, eligibility and response; the survey answers only for respondents.
# ---------------------------------------------------------------------------------------------
strata <- data.frame(stratum = c("A", "B", "C", "D"), n = c(300, 250, 200, 150), N = c(60000, 25000, 4000, 1500))
sample <- do.call(rbind, lapply(seq_len(nrow(strata)), function(h) data.frame(
  stratum = rep(strata$stratum[h], strata$n[h]), stratum_population = strata$N[h], design_weight = strata$N[h] / strata$n[h])))
n <- nrow(sample)
sample$id <- seq_len(n)
sample$sex <- ifelse(runif(n) < 0.52, "F", "M")
sample$age_group <- sample(c("18-39", "40-64", "65+"), n, replace = TRUE, prob = c(0.35, 0.40, 0.25))
sample$urban <- ifelse(runif(n) < 0.6, "yes", "no")
sample$region <- sample(c("R1", "R2", "R3"), n, replace = TRUE)
sample$eligible <- as.integer(runif(n) > 0.04)
response_prob <- c("18-39" = 0.38, "40-64" = 0.55, "65+" = 0.68)[sample$age_group] + ifelse(sample$urban == "yes", -0.08, 0.05)
sample$response <- as.integer(sample$eligible == 1 & runif(n) < response_prob)
resp <- sample$response == 1
victim_prob <- c("18-39" = 0.22, "40-64" = 0.14, "65+" = 0.08)[sample$age_group] + ifelse(sample$urban == "yes", 0.06, 0)
victim <- as.integer(runif(n) < victim_prob)
complaint <- as.integer(victim == 1 & runif(n) < 0.45 + 0.2 * (sample$sex == "F"))
incidents <- victim * (1 + rpois(n, 0.6))
sample$victim <- ifelse(resp, as.character(victim), "")
sample$complaint <- ifelse(resp, as.character(complaint), "")
sample$incidents <- ifelse(resp, as.character(incidents), "")
sample$group <- ifelse(sample$eligible == 1, paste(sample$age_group, sample$urban, sep = "|"), NA)

columns <- c("id", "stratum", "stratum_population", "design_weight", "sex", "age_group", "urban", "region",
             "eligible", "response", "victim", "complaint", "incidents")
out <- sample[columns]
out$stratum_population <- sprintf("%d", as.integer(out$stratum_population))
out$design_weight <- fmt(out$design_weight)
write_plain_csv(out, "sample.csv")

# Margins: the population by sex and by age group (counts, summing to N = 90,500).
N <- sum(strata$N)
margins <- data.frame(variable = c("sex", "sex", "age_group", "age_group", "age_group"),
                      category = c("F", "M", "18-39", "40-64", "65+"),
                      total = c(47060, N - 47060, 31675, 36200, N - 31675 - 36200))
write_plain_csv(data.frame(variable = margins$variable, category = margins$category, total = sprintf("%d", as.integer(margins$total))), "margins.csv")

# ---------------------------------------------------------------------------------------------
# Weighting: nonresponse adjustment by groups (age_group x urban), then raking on sex and age.
# ---------------------------------------------------------------------------------------------
sample$d <- sample$design_weight
elig <- sample$eligible == 1
p_g <- tapply(sample$d[resp], sample$group[resp], sum) / tapply(sample$d[elig], sample$group[elig], sum)
sample$p <- ifelse(elig, p_g[sample$group], NA)
r <- sample[resp, ]
r$victim <- as.numeric(r$victim); r$complaint <- as.numeric(r$complaint); r$incidents <- as.numeric(r$incidents)
r$a <- r$d / r$p
des <- svydesign(ids = ~1, strata = ~stratum, weights = ~a, fpc = ~stratum_population, data = r)
pop <- c(`(Intercept)` = N, sexM = N - 47060, `age_group40-64` = 36200, `age_group65+` = N - 31675 - 36200)
cal <- calibrate(des, ~ sex + age_group, population = pop, calfun = "raking", epsilon = 1e-13, maxit = 500)
r$w <- weights(cal)
X <- model.matrix(~ sex + age_group, r)
N_h <- setNames(strata$N, strata$stratum)
full <- svydesign(ids = ~1, strata = ~stratum, weights = ~d, fpc = ~stratum_population, data = sample)

rows <- list()
check_one_phase <- 0
check_sampling <- 0
add <- function(statistic, indicator, domain_variable, domain, in_domain, y, x = NULL) {
  w <- r$w
  wd <- w * in_domain
  if (statistic == "total") { est <- sum(wd * y); z <- y * in_domain }
  if (statistic == "mean") { W <- sum(wd); est <- sum(wd * y) / W; z <- (y - est) / W * in_domain }
  if (statistic == "ratio") { X_hat <- sum(wd * x); est <- sum(wd * y) / X_hat; z <- (y - est * x) / X_hat * in_domain }
  contributions <- respondent_contributions(z, X, r$a, w)
  # The one-phase SE from survey itself, and the same by hand: they must agree.
  dom <- if (domain_variable == "national") cal else subset(cal, in_domain == 1)
  survey_se <- switch(statistic,
    total = SE(svytotal(~y, update(dom, y = if (domain_variable == "national") y else y))),
    mean = SE(svymean(~y, update(dom, y = y))),
    ratio = SE(svyratio(~y, ~x, update(dom, y = y, x = x))))
  by_hand <- sqrt(stratified_variance(contributions, r$stratum, N_h))
  check_one_phase <<- max(check_one_phase, abs(by_hand / as.numeric(survey_se) - 1))
  v <- two_phase_variance(contributions, sample, N_h)
  # The sampling phase once more through survey: svytotal of t/d on the whole-sample design.
  t <- numeric(n)
  a <- r$d / r$p
  u_g <- tapply(contributions, r$group, sum) / tapply(a, r$group, sum)
  t[resp] <- contributions + (r$d - a) * u_g[r$group]
  t[elig & !resp] <- sample$d[elig & !resp] * u_g[sample$group[elig & !resp]]
  survey_sampling <- as.numeric(SE(svytotal(~tv, update(full, tv = t / sample$d))))^2
  check_sampling <<- max(check_sampling, abs(survey_sampling / v[["sampling"]] - 1))
  rows[[length(rows) + 1]] <<- data.frame(statistic = statistic, indicator = indicator, domain_variable = domain_variable,
    domain = domain, estimate = fmt(est), se_one_phase = fmt(as.numeric(survey_se)),
    variance_sampling = fmt(survey_sampling), variance_nonresponse = fmt(v[["nonresponse"]]),
    se_two_phase = fmt(sqrt(survey_sampling + v[["nonresponse"]])))
}

everyone <- rep(1, nrow(r))
add("mean", "victim", "national", "national", everyone, r$victim)
add("ratio", "complaint_rate", "national", "national", everyone, r$complaint, r$victim)
add("mean", "incidents", "national", "national", everyone, r$incidents)
add("total", "victim", "national", "national", everyone, r$victim)
for (region in c("R1", "R2", "R3")) {
  inside <- as.numeric(r$region == region)
  add("mean", "victim", "region", region, inside, r$victim)
  add("ratio", "complaint_rate", "region", region, inside, r$complaint, r$victim)
  add("mean", "incidents", "region", region, inside, r$incidents)
  add("total", "victim", "region", region, inside, r$victim)
}
if (check_one_phase > 1e-10) stop("one-phase SE by hand differs from survey: ", check_one_phase)
if (check_sampling > 1e-10) stop("sampling phase by hand differs from survey: ", check_sampling)
write_plain_csv(do.call(rbind, rows), "expected.csv")

groups <- data.frame(group = names(p_g), response_probability = fmt(as.numeric(p_g)))
write_plain_csv(groups, "expected_groups.csv")
write_plain_csv(data.frame(id = sprintf("%d", r$id), weight = fmt(r$w)), "calibrated_weights.csv")

info <- c(R.version.string, paste("survey", packageVersion("survey")), paste("date", format(Sys.Date())),
  sprintf("sampled %d, eligible %d, respondents %d", n, sum(elig), sum(resp)),
  sprintf("largest relative difference, one-phase SE by hand vs survey: %.3g", check_one_phase),
  sprintf("largest relative difference, sampling phase by hand vs survey: %.3g", check_sampling),
  paste("respondents per group:", paste(names(table(r$group)), table(r$group), sep = "=", collapse = ", ")))
writeLines(info, "run_info.txt")
cat(info, sep = "\n")
