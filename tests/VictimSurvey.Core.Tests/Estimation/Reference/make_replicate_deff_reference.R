# Design effects of bootstrap estimates (R survey's deff = TRUE on a replicate design) for the
# estimates reference sample. Run after make_reference.R, from this folder:
#   Rscript make_replicate_deff_reference.R
# Builds the same replicate design as make_reference.R's section 6, from the files it wrote
# (sample.csv, replicate_weights.csv), and writes expected_replicate_deff.csv.
suppressPackageStartupMessages(library(survey))
sample <- read.csv("sample.csv", colClasses = c(stratum = "character", department = "character"))
rw <- read.csv("replicate_weights.csv")
stopifnot(identical(rw$id, sample$id))
B <- sum(startsWith(names(rw), "rep_"))
rdata <- cbind(sample, rw[, c("weight", paste0("rep_", 1:B))])
rdes <- svrepdesign(data = rdata, repweights = rdata[, paste0("rep_", 1:B)], weights = ~weight,
                    type = "bootstrap", combined.weights = TRUE, scale = 1 / (B - 1),
                    rscales = 1, mse = FALSE)

fmt17 <- function(x) sprintf("%.17g", x)
out <- list()
for (y in c("victim_burglary", "feel_unsafe", "victim_insult")) {
  f <- as.formula(paste0("~", y))
  m <- svymean(f, rdes, deff = TRUE)
  out[[length(out) + 1]] <- data.frame(statistic = "mean", indicator = y, domain_variable = "national",
    domain = "national", estimate = fmt17(coef(m)), se = fmt17(SE(m)), deff = fmt17(deff(m)))
  b <- svyby(f, ~department, rdes, svymean, deff = TRUE)
  out[[length(out) + 1]] <- data.frame(statistic = "mean", indicator = y, domain_variable = "department",
    domain = as.character(b$department), estimate = fmt17(coef(b)), se = fmt17(SE(b)), deff = fmt17(deff(b)))
}
t <- svytotal(~victim_burglary, rdes, deff = TRUE)
out[[length(out) + 1]] <- data.frame(statistic = "total", indicator = "victim_burglary", domain_variable = "national",
  domain = "national", estimate = fmt17(coef(t)), se = fmt17(SE(t)), deff = fmt17(deff(t)))
res <- do.call(rbind, out)
stopifnot(all(is.finite(as.numeric(res$deff))))
write.csv(res, "expected_replicate_deff.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, " survey ", as.character(packageVersion("survey")), "\n")
