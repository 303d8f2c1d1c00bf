# Design effects (R survey's deff = TRUE) for the estimates reference sample.
# Run after make_reference.R, from this folder: Rscript make_deff_reference.R
# Reuses that script's designs by sourcing the part that builds them (everything up to "designs <- ...").
suppressPackageStartupMessages(library(survey))
lines <- readLines("make_reference.R")
stop_at <- grep("^designs <- list", lines)[1]
eval(parse(text = lines[1:stop_at]))

fmt17 <- function(x) sprintf("%.17g", x)
out <- list()
for (dn in names(designs)) {
  d <- designs[[dn]]
  for (y in c("victim_burglary", "feel_unsafe")) {
    f <- as.formula(paste0("~", y))
    m <- svymean(f, d, deff = TRUE)
    out[[length(out) + 1]] <- data.frame(design = dn, statistic = "mean", indicator = y, domain_variable = "national",
      domain = "national", estimate = fmt17(coef(m)), se = fmt17(SE(m)), deff = fmt17(deff(m)))
    b <- svyby(f, ~department, d, svymean, deff = TRUE)
    out[[length(out) + 1]] <- data.frame(design = dn, statistic = "mean", indicator = y, domain_variable = "department",
      domain = as.character(b$department), estimate = fmt17(coef(b)), se = fmt17(SE(b)), deff = fmt17(deff(b)))
  }
  t <- svytotal(~victim_burglary, d, deff = TRUE)
  out[[length(out) + 1]] <- data.frame(design = dn, statistic = "total", indicator = "victim_burglary", domain_variable = "national",
    domain = "national", estimate = fmt17(coef(t)), se = fmt17(SE(t)), deff = fmt17(deff(t)))
}
res <- do.call(rbind, out)
write.csv(res, "expected_deff.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, " survey ", as.character(packageVersion("survey")), "\n")
