window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "wren_makes@example.com",
      "createdVia" : "web",
      "username" : "wren_makes",
      "accountId" : "1500000001",
      "createdAt" : "2014-01-01T10:00:00.000Z",
      "accountDisplayName" : "Wren Halloway"
    }
  }
]